/** Word attributions of text models (KernelSHAP over words, LIME for text) and their highlighting. */
package dev.probity.text.explain;
