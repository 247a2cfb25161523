/** The sentence encoder, its tokenizer and the embedding cache. */
package dev.probity.text.encode;
