/**
 * Personal data in text and columns: recognizers that find it and validate what they find (check digits, number
 * ranges, libphonenumber's numbering plans, context words), a learned tagger for person names, a scanner that
 * resolves overlapping hits, the classification of a table's columns, and the operators that redact it — masking,
 * replacement by the type, a keyed hash, reversible pseudonyms (Tink's AES-SIV) and removal. See docs/privacy.md,
 * "Personal data in text and columns".
 */
package dev.probity.privacy.pii;
