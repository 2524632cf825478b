// Validates a .glb with the Khronos glTF validator (npm gltf-validator) and prints the counts as JSON.
// Usage: node validate_gltf.mjs FILE.glb PATH/TO/node_modules/gltf-validator
import { readFileSync } from 'fs';
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const validator = require(process.argv[3]);
const report = await validator.validateBytes(new Uint8Array(readFileSync(process.argv[2])));
console.log(JSON.stringify({errors: report.issues.numErrors, warnings: report.issues.numWarnings,
                            messages: report.issues.messages.filter(m => m.severity < 2).slice(0, 5)}));
