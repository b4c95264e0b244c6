/**
 * The DJL model (Llama architecture), LoRA/DoRA, NF4 quantisation, the trainer, PEFT-format adapter I/O, datasets and the agent process.
 */
package io.lorasweep.agent;
