package io.phat4j.testkit.anvil;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving each test class its own {@link AnvilNode}.
 *
 * <p>The node starts before the class's first test (or when first injected) and stops after its
 * last. Test methods, lifecycle methods and constructors receive it by declaring an {@code
 * AnvilNode} parameter:
 *
 * <pre>{@code
 * @ExtendWith(AnvilExtension.class)
 * class MyChainTest {
 *   @Test
 *   void deploys(AnvilNode node) { ... }
 * }
 * }</pre>
 *
 * <p>JUnit Jupiter is an optional dependency of {@code phat4j-testkit} (so that {@code
 * phat4j-devnet} brings no JUnit to applications): a test using this extension declares {@code
 * junit-jupiter} itself, as any JUnit 5 test does.
 *
 * <p>Tests in one class share the node; use {@link AnvilNode#snapshot()} and {@link
 * AnvilNode#revert(String)} to isolate their state.
 */
public final class AnvilExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AnvilExtension.class);

  /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
  public AnvilExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    node(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == AnvilNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return node(context);
  }

  /** The node of the test class this context belongs to; JUnit closes it with the class context. */
  private static AnvilNode node(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(AnvilNode.class, k -> AnvilNode.start(), AnvilNode.class);
  }
}
