/** Named-entity recognition: CoNLL files, an averaged-perceptron tagger and seqeval-style entity metrics. */
package dev.probity.text.ner;
