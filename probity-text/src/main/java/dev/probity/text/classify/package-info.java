/** Text classifiers: a trained head on sentence embeddings, saved in the model file with the encoder's identity. */
package dev.probity.text.classify;
