/**
 * Metrics, tasks with their prompts and k-shot examples, and the LanguageModel interface that a model is scored
 * through. Free of DJL: any model plugs in through LanguageModel.
 */
package io.lorasweep.eval;
