export { callerErrorStatuses, isCallerError } from './caller-error.js';
export { type LoggingLayer, type LoggingObserver, type LoggingOptions, logging } from './logging.js';
export { defaultRedactPaths } from './redact-paths.js';
