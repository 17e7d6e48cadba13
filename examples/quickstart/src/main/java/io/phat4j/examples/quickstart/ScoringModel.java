package io.phat4j.examples.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.core.DecodeException;
import io.phat4j.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The private part of the scoring contract: a linear credit model whose weights and approval
 * cutoff are the two secrets deployed with the app. Only the enclave ever sees them.
 *
 * @param weights feature name to weight (the {@code SCORING_WEIGHTS} secret)
 * @param cutoff the lowest approved score (the {@code APPROVAL_CUTOFF} secret)
 */
public record ScoringModel(Map<String, Double> weights, int cutoff) {
  /** Where every score starts. */
  static final double BASE = 600;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the weights. */
  public ScoringModel {
    weights = Map.copyOf(weights);
  }

  /**
   * Parses the two secrets.
   *
   * @param weights {@code name=weight} pairs separated by commas
   * @param cutoff an integer
   * @return the model
   * @throws InvalidInputException if either is malformed (the message never repeats the values)
   */
  public static ScoringModel parse(String weights, String cutoff) {
    Map<String, Double> w = new LinkedHashMap<>();
    for (String pair : weights.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new InvalidInputException("SCORING_WEIGHTS must be name=weight pairs separated by commas");
      }
      try {
        w.put(pair.substring(0, eq).trim(), Double.parseDouble(pair.substring(eq + 1).trim()));
      } catch (NumberFormatException e) {
        throw new InvalidInputException("SCORING_WEIGHTS has a weight that is not a number");
      }
    }
    try {
      return new ScoringModel(w, Integer.parseInt(cutoff.trim()));
    } catch (NumberFormatException e) {
      throw new InvalidInputException("APPROVAL_CUTOFF is not an integer");
    }
  }

  /**
   * Scores one applicant.
   *
   * @param requestId the request being answered (echoed in the result)
   * @param applicantJson the opened private input: a JSON object of numeric features
   * @return the public result: {@code {"request":…,"score":…,"decision":…}}, UTF-8 JSON
   * @throws DecodeException if the input is not a JSON object of numbers
   */
  public byte[] score(long requestId, byte[] applicantJson) {
    JsonNode in;
    try {
      in = JSON.readTree(applicantJson);
    } catch (IOException e) {
      throw new DecodeException("applicant", 0, "is not JSON", null);
    }
    if (in == null || !in.isObject()) {
      throw new DecodeException("applicant", 0, "is not a JSON object", null);
    }
    double score = BASE;
    for (Map.Entry<String, Double> w : weights.entrySet()) {
      JsonNode v = in.get(w.getKey());
      if (v != null && v.isNumber()) {
        score += w.getValue() * v.doubleValue();
      }
    }
    long rounded = Math.clamp(Math.round(score), 300, 850);
    String decision = rounded >= cutoff ? "approved" : "declined";
    String result = "{\"request\":" + requestId + ",\"score\":" + rounded + ",\"decision\":\"" + decision + "\"}";
    return result.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ScoringModel[" + weights.size() + " weights, cutoff redacted]";
  }
}
