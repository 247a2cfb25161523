/**
 * Text: the same questions Probity asks of tabular models, for models that read text. A sentence encoder
 * ({@link dev.probity.text.encode.SentenceEncoder}: all-MiniLM-L6-v2 on Probity's ONNX Runtime, with its own
 * WordPiece tokenizer and a content-addressed {@link dev.probity.text.encode.EmbeddingCache}) and text classifiers
 * trained as heads on its embeddings ({@link dev.probity.text.classify}). Depends on core and models only.
 */
package dev.probity.text;
