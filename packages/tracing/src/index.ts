export { type TracingLayer, type TracingOptions, tracing } from './tracing.js';
