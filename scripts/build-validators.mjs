#!/usr/bin/env node
// The build's second step, after tsc: the JSON Schema validators as ajv standalone code in
// dist/validators/ (see src/yaml/precompiled.ts for why, and why they are not committed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { standaloneModule } = await import(join(dist, 'yaml', 'precompiled.js'));
const { schemaValidatorModules } = await import(join(dist, 'yaml', 'schema.js'));
const { META_VALIDATOR, metaValidatorModule } = await import(join(dist, 'yaml', 'json-schema-check.js'));

const modules = { ...schemaValidatorModules(standaloneModule), [META_VALIDATOR]: metaValidatorModule(standaloneModule) };
mkdirSync(join(dist, 'validators'), { recursive: true });
for (const [name, code] of Object.entries(modules)) writeFileSync(join(dist, 'validators', `${name}.cjs`), code);
