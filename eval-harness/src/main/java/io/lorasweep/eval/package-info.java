/**
 * Metrics, tasks and prompts, the LanguageModel interface, bootstrap statistics, baseline and regression gates. Free of DJL: any model plugs in through LanguageModel.
 */
package io.lorasweep.eval;
