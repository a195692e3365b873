#ifndef ROER_UTIL_UTF8_H
#define ROER_UTIL_UTF8_H

/*
 * Makes s valid UTF-8 in place, by the rules jansson holds every JSON
 * string to (no overlong forms, no surrogates, nothing past U+10FFFF):
 * each byte that does not start a valid sequence becomes '?'. The length
 * stays the same. For text from outside that goes into a reply or the
 * store without passing the JSON parser (a header, a message quoting the
 * input), where a byte cut or a stray byte would make jansson refuse it.
 */
void utf8_scrub(char *s);

#endif
