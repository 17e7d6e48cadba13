#!/usr/bin/env node
// Compiles every sdk-contracts/src/main/solidity/**/*.sol (and the test-only contracts listed in
// SOURCE_SETS) with the pinned solc-js and writes one artifact (ABI + creation bytecode) per
// deployable contract into the Java resources, where the SDK and its tests load them. The settings are fixed and the metadata hash is left out, so the output
// depends only on the sources and the compiler version: the artifacts are committed and CI runs
// `node compile.mjs --check` to fail when they no longer match the sources.
//
//   node compile.mjs           (re)write the artifacts
//   node compile.mjs --check   compile into a temporary folder; exit 1 naming every stale file

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const nodeModules = path.join(here, 'node_modules');

// Each set is compiled on its own into its own artifact folder. `libraries` are library contracts
// the SDK deploys itself (e.g. the proxy in front of an upgradeable contract); they must be reachable
// from the set's imports and are listed as "<source unit>:<contract>".
const SOURCE_SETS = [
  {
    sources: 'sdk-contracts/src/main/solidity',
    artifacts: 'sdk-contracts/src/main/resources/io/phat4j/contracts/artifacts',
    libraries: ['@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol:ERC1967Proxy'],
  },
  {
    sources: 'sdk-testkit/src/test/solidity',
    artifacts: 'sdk-testkit/src/test/resources/io/phat4j/testkit/anvil/artifacts',
    libraries: [],
  },
];

const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  // Cancun is supported by Ethereum, Base and Phala's OP-stack L2, and by anvil.
  evmVersion: 'cancun',
  // No IPFS/Swarm hash of the metadata: it would change with comments and paths.
  metadata: { bytecodeHash: 'none' },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
};

function solidityFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...solidityFiles(p));
    else if (entry.name.endsWith('.sol')) out.push(p);
  }
  return out.sort();
}

// Resolves imports of library code (e.g. "@openzeppelin/...") from the pinned node_modules.
function findImport(unitName) {
  const candidate = path.resolve(nodeModules, unitName);
  if (!candidate.startsWith(nodeModules + path.sep)) return { error: `import outside node_modules: ${unitName}` };
  try {
    return { contents: fs.readFileSync(candidate, 'utf8') };
  } catch {
    return { error: `not found: ${unitName}` };
  }
}

function compile(set) {
  const sourceRoot = path.join(repo, set.sources);
  const files = solidityFiles(sourceRoot);
  if (files.length === 0) throw new Error(`no .sol files under ${sourceRoot}`);
  const sources = {};
  for (const f of files) {
    // Unit names relative to the source root keep the output independent of where the repo lives.
    const unit = path.relative(sourceRoot, f).split(path.sep).join('/');
    sources[unit] = { content: fs.readFileSync(f, 'utf8') };
  }
  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) process.stderr.write((e.formattedMessage || e.message) + '\n');
  if (errors.length > 0) throw new Error(`solc reported ${errors.length} error(s)`);

  const artifacts = new Map();
  const add = (unit, name, c) => {
    if (artifacts.has(name)) throw new Error(`two deployable contracts named ${name}; artifact names must be unique`);
    const artifact = {
      contractName: name,
      sourceName: unit,
      compiler: { name: 'solc', version: solc.version(), settings: { optimizer: SETTINGS.optimizer, evmVersion: SETTINGS.evmVersion, metadata: SETTINGS.metadata } },
      abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object,
    };
    artifacts.set(name, JSON.stringify(artifact, null, 2) + '\n');
  };
  for (const unit of Object.keys(sources)) {
    for (const [name, c] of Object.entries(output.contracts[unit] || {})) {
      // Abstract contracts and interfaces have no creation code; they get no artifact.
      if (c.evm.bytecode.object.length > 0) add(unit, name, c);
    }
  }
  for (const spec of set.libraries) {
    const i = spec.lastIndexOf(':');
    const unit = spec.slice(0, i), name = spec.slice(i + 1);
    const c = output.contracts[unit] && output.contracts[unit][name];
    if (!c) throw new Error(`library artifact ${spec} is not imported by any source`);
    add(unit, name, c);
  }
  return artifacts;
}

function writeAll(dir, artifacts) {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of artifacts) fs.writeFileSync(path.join(dir, `${name}.json`), text);
}

function listJson(dir) {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
}

function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const set of SOURCE_SETS) {
    const artifactDir = path.join(repo, set.artifacts);
    const artifacts = compile(set);
    if (!check) {
      // Remove artifacts of contracts that no longer exist so the folder mirrors the sources.
      for (const f of listJson(artifactDir)) if (!artifacts.has(f.slice(0, -5))) fs.unlinkSync(path.join(artifactDir, f));
      writeAll(artifactDir, artifacts);
      console.log(`wrote ${artifacts.size} artifact(s) to ${set.artifacts}`);
      continue;
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phat4j-solc-'));
    try {
      writeAll(tmp, artifacts);
      const committed = new Set(listJson(artifactDir));
      for (const f of listJson(tmp)) {
        const target = path.join(set.artifacts, f);
        if (!committed.has(f)) stale.push(`${target} (missing)`);
        else if (fs.readFileSync(path.join(artifactDir, f), 'utf8') !== fs.readFileSync(path.join(tmp, f), 'utf8')) stale.push(`${target} (differs)`);
        committed.delete(f);
      }
      for (const f of committed) stale.push(`${path.join(set.artifacts, f)} (no longer produced)`);
      console.log(`checked ${artifacts.size} artifact(s) in ${set.artifacts}`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (stale.length > 0) {
    console.error('error: committed contract artifacts are stale; run `npm run compile` in sdk-contracts/solidity and commit:');
    for (const s of stale) console.error(`  ${s}`);
    process.exit(1);
  }
  if (check) console.log('contract artifacts up to date');
}

try {
  main();
} catch (e) {
  console.error(`error: ${e.message}`);
  process.exit(2);
}
