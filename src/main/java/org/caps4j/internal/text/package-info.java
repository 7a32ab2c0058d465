/**
 * libcap's capability text format in pure Java: {@link org.caps4j.internal.text.CapText} is the
 * entry point; a parser for {@code cap_from_text(3)} and a formatter for {@code cap_to_text(3)}
 * sit behind it. Differential tests hold both to libcap 2.66's behaviour.
 */
package org.caps4j.internal.text;
