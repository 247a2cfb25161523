/** Behavioural tests of text classifiers in the manner of CheckList: invariance and directional expectations. */
package dev.probity.text.robust;
