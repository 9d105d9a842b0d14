// Differential test: graphql-js (the reference implementation) and the
// proxy's validator (proxy/gql-check) must give the same answer -- valid,
// validation error, or syntax error at the same line:column -- on every
// document of the corpus:
// the hand-written documents of corpus.js plus documents generated here
// from the schemas with a seeded random generator (valid ones, and ones
// with one fault injected).  Prints TAP.
//
// Usage: node differential.js GQL_CHECK PROXY_SCHEMA TEST_SCHEMA
'use strict';

const fs = require('fs');
const { execFileSync } = require('child_process');
const {
  buildSchema, parse, validate, specifiedRules, GraphQLError,
  getNamedType, isLeafType, isCompositeType, isNonNullType, isListType,
  isEnumType, isInputObjectType, isObjectType, isAbstractType,
} = require('graphql');
const corpus = require('./corpus.js');

const [gqlCheck, proxyPath, testPath] = process.argv.slice(2);

// The current spec draft's "Operation Type Existence" rule (graphql-js 16 leaves it to execution).
function KnownOperationTypesRule(context) {
  return {
    OperationDefinition(node) {
      if (!context.getSchema().getRootType(node.operation)) {
        context.reportError(new GraphQLError(
          `The ${node.operation} operation is not supported by the schema.`, { nodes: node }));
      }
    },
  };
}
const rules = [...specifiedRules, KnownOperationTypesRule];

// Deterministic PRNG (mulberry32).
function prng(seed) {
  return function () {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A literal that fits an input type.
function literalFor(type, rnd, depth = 0) {
  if (isNonNullType(type)) return literalFor(type.ofType, rnd, depth);
  if (isListType(type)) return rnd() < 0.5 ? `[${literalFor(type.ofType, rnd, depth)}]` : literalFor(type.ofType, rnd, depth);
  if (isEnumType(type)) return type.getValues()[Math.floor(rnd() * type.getValues().length)].name;
  if (isInputObjectType(type)) {
    const parts = [];
    for (const f of Object.values(type.getFields())) {
      if ((isNonNullType(f.type) && f.defaultValue === undefined) || (rnd() < 0.3 && depth < 2)) {
        parts.push(`${f.name}: ${literalFor(f.type, rnd, depth + 1)}`);
      }
    }
    return `{${parts.join(', ')}}`;
  }
  switch (type.name) {
    case 'Int': return String(Math.floor(rnd() * 100));
    case 'Float': return (rnd() * 10).toFixed(2);
    case 'Boolean': return rnd() < 0.5 ? 'true' : 'false';
    case 'ID': return rnd() < 0.5 ? '"7"' : '7';
    default: return JSON.stringify('s' + Math.floor(rnd() * 10));
  }
}

// A literal of the wrong kind for a type (for injected faults).
function wrongLiteralFor(type) {
  const named = getNamedType(type);
  if (isEnumType(named)) return '"NOT_AN_ENUM"';
  if (isInputObjectType(named)) return '{bogusField: 1}';
  switch (named.name) {
    case 'Int': return '"twelve"';
    case 'Float': return 'true';
    case 'Boolean': return '1';
    case 'ID': return '4.5';
    case 'String': return '42';
    default: return null;
  }
}

// Generates one document; fault is null or the kind of error to inject.
function generate(schema, rnd, fault) {
  const fragments = [];
  const varDefs = [];
  let injected = false;
  let aliasN = 0;
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const want = (kind) => fault === kind && !injected && (injected = true);

  function args(field) {
    const out = [];
    for (const a of field.args) {
      const required = isNonNullType(a.type) && a.defaultValue === undefined;
      if (required && want('missingArg')) continue;
      if (!required && rnd() < 0.6) continue;
      if (want('wrongArg') && wrongLiteralFor(a.type)) { out.push(`${a.name}: ${wrongLiteralFor(a.type)}`); continue; }
      if (rnd() < 0.3) {
        const v = `v${varDefs.length}`;
        varDefs.push(`$${v}: ${String(a.type)}`);
        out.push(`${a.name}: $${v}`);
      } else {
        out.push(`${a.name}: ${literalFor(a.type, rnd)}`);
      }
    }
    if (want('unknownArg')) out.push('bogusArg: 1');
    if (out.length && want('duplicateArg')) out.push(out[0]);
    return out.length ? `(${out.join(', ')})` : '';
  }

  function selection(type, depth) {
    const parts = [];
    if (!isObjectType(type) && !(isAbstractType(type))) return '';
    const fields = isObjectType(type) || type.getFields ? Object.values(type.getFields()) : [];
    const n = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < n && fields.length; i++) {
      const f = pick(fields);
      const named = getNamedType(f.type);
      let name = f.name;
      if (want('unknownField')) name = f.name + 'Nope';
      let alias = '';
      if (rnd() < 0.2) alias = `a${aliasN++}: `;
      let dir = '';
      if (rnd() < 0.15) dir = rnd() < 0.5 ? ' @skip(if: false)' : ' @include(if: true)';
      if (want('unknownDirective')) dir += ' @bogus';
      if (dir.includes('@skip') && want('duplicateDirective')) dir += ' @skip(if: true)';
      let sub = '';
      if (isCompositeType(named)) {
        if (depth >= 4 || want('missingSelection')) sub = depth >= 4 && !injected ? ' { __typename }' : '';
        else sub = ` { ${selection(named, depth + 1)} }`;
      } else if (want('leafSelection')) {
        sub = ' { x }';
      }
      let text = `${alias}${name}${args(f)}${dir}${sub}`;
      if (rnd() < 0.15) {
        const fname = `F${fragments.length}`;
        fragments.push(`fragment ${fname} on ${type.name} { ${text} }`);
        text = `...${fname}`;
      } else if (rnd() < 0.1) {
        text = `... on ${type.name} { ${text} }`;
      }
      parts.push(text);
    }
    if (want('aliasConflict') && fields.length > 1) {
      const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && f.args.length === 0);
      if (leaves.length > 1) parts.push(`dup: ${leaves[0].name}`, `dup: ${leaves[1].name}`);
      else injected = false;
    }
    if (want('wrongSpread')) {
      const other = Object.values(schema.getTypeMap()).find((t) => isObjectType(t) && !t.name.startsWith('__') && t !== type && t !== schema.getQueryType() && t !== schema.getMutationType());
      if (other) parts.push(`... on ${other.name} { __typename }`);
      else injected = false;
    }
    return parts.join(' ');
  }

  const isMutation = schema.getMutationType() && rnd() < 0.3;
  const root = isMutation ? schema.getMutationType() : schema.getQueryType();
  const body = selection(root, 1);
  if (want('unusedVariable')) varDefs.push('$unused: Int');
  if (want('undefinedVariable')) varDefs.length = 0;
  if (varDefs.length && want('duplicateVariable')) varDefs.push(varDefs[0]);
  if (want('unusedFragment')) fragments.push(`fragment Unused on ${root.name} { __typename }`);
  if (fragments.length && want('duplicateFragment')) fragments.push(fragments[0]);
  const opName = rnd() < 0.5 ? ' G' : '';
  const vars = varDefs.length ? `(${varDefs.join(', ')})` : '';
  const op = isMutation ? 'mutation' : 'query';
  const head = vars || opName || isMutation || rnd() < 0.5 ? `${op}${opName || (vars ? ' G' : '')}${vars} ` : '';
  return `${head}{ ${body} }${fragments.length ? ' ' + fragments.join(' ') : ''}`;
}

const faults = [null, null, null, 'unknownField', 'missingArg', 'wrongArg', 'unknownArg', 'duplicateArg',
  'missingSelection', 'leafSelection', 'unknownDirective', 'duplicateDirective', 'aliasConflict',
  'wrongSpread', 'unusedVariable', 'undefinedVariable', 'duplicateVariable', 'unusedFragment',
  'duplicateFragment'];

// An error as comparable text: message (without graphql-js's suggestions) and the set
// of its locations (their order within one error is an artifact of traversal order).
function errorText(e) {
  const locs = (e.locations || []).map((l) => `${l.line}:${l.column}`).sort().join(',');
  return `${e.message.replace(/ Did you mean .*$/, '')} @${locs}`;
}

// graphql-js's verdict and errors.
function reference(schema, doc) {
  let ast;
  try {
    ast = parse(doc);
  } catch (e) {
    return { verdict: 'parse', errors: [errorText({ message: '', locations: e.locations })] };
  }
  const errors = validate(schema, ast, rules);
  return { verdict: errors.length ? 'invalid' : 'valid', errors: [...new Set(errors.map(errorText))].sort() };
}

// gql-check's verdicts and errors, one per document.
function ours(schemaPath, docs) {
  const input = docs.map((d) => JSON.stringify(d)).join('\n') + '\n';
  const out = execFileSync(gqlCheck, ['-j', schemaPath, '--jsonl'], { input, maxBuffer: 64 << 20 }).toString();
  return out.trim().split('\n').map((line) => {
    const r = JSON.parse(line);
    const errors = r.verdict === 'parse' ? r.errors.map((e) => errorText({ message: '', locations: e.locations }))
      : [...new Set(r.errors.map(errorText))].sort();
    return { verdict: r.verdict, rules: r.rules.filter((x) => x), errors };
  });
}

let n = 0;
let failed = 0;
const seenRules = new Set();
const counts = { valid: 0, invalid: 0, parse: 0 };
const miniPath = require('path').join(require('os').tmpdir(), `gql-mini-schema-${process.pid}.graphql`);
fs.writeFileSync(miniPath, corpus.miniSchema);
process.on('exit', () => fs.rmSync(miniPath, { force: true }));
for (const [label, path, hand, seed] of [['proxy', proxyPath, corpus.proxy, 1], ['test', testPath, corpus.test, 2],
  ['mini', miniPath, corpus.mini, 3]]) {
  const schema = buildSchema(fs.readFileSync(path, 'utf8'));
  const rnd = prng(seed);
  const docs = [...hand];
  for (let i = 0; i < (label === 'mini' ? 20 : 300); i++) docs.push(generate(schema, rnd, faults[i % faults.length]));
  const got = ours(path, docs);
  docs.forEach((doc, i) => {
    const ref = reference(schema, doc);
    const have = got[i] || { verdict: 'missing', rules: [], errors: [] };
    have.rules.forEach((r) => seenRules.add(r));
    counts[ref.verdict]++;
    n++;
    // same verdict; syntax errors at the same place; validation errors with the same
    // messages and locations (compared as sets: the order of reports may differ)
    const ok = ref.verdict === have.verdict &&
      JSON.stringify(ref.errors) === JSON.stringify(have.errors);
    if (!ok) failed++;
    console.log(`${ok ? '' : 'not '}ok ${n} - [${label}${i < hand.length ? '' : ' generated'}] ${ref.verdict}: ${doc.replace(/\s+/g, ' ').slice(0, 150)}`);
    if (!ok) {
      console.log(`# graphql-js: ${ref.verdict} ${JSON.stringify(ref.errors)}`);
      console.log(`# proxy:      ${have.verdict} ${JSON.stringify(have.errors)}`);
    }
  });
}
// every rule of section 5 (and the draft's operation-type rule) must have been exercised
const allRules = ['ExecutableDefinitions', 'UniqueOperationNames', 'LoneAnonymousOperation',
  'SingleFieldSubscriptions', 'KnownTypeNames', 'FragmentsOnCompositeTypes', 'VariablesAreInputTypes',
  'ScalarLeafs', 'FieldsOnCorrectType', 'UniqueFragmentNames', 'KnownFragmentNames', 'NoUnusedFragments',
  'PossibleFragmentSpreads', 'NoFragmentCycles', 'UniqueVariableNames', 'NoUndefinedVariables',
  'NoUnusedVariables', 'KnownDirectives', 'UniqueDirectivesPerLocation', 'KnownArgumentNames',
  'UniqueArgumentNames', 'ValuesOfCorrectType', 'ProvidedRequiredArguments', 'VariablesInAllowedPosition',
  'OverlappingFieldsCanBeMerged', 'UniqueInputFieldNames', 'MaxIntrospectionDepth', 'KnownOperationTypes'];
for (const r of allRules) {
  n++;
  const ok = seenRules.has(r);
  if (!ok) failed++;
  console.log(`${ok ? '' : 'not '}ok ${n} - corpus has an invalid document for ${r}`);
}
console.log(`# corpus: ${counts.valid} valid, ${counts.invalid} invalid, ${counts.parse} parse errors`);
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
