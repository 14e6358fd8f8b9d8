/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every fuzz harness shares. A harness defines the libFuzzer entry
 * point LLVMFuzzerTestOneInput(); it is linked either with clang's libFuzzer
 * (meson -Dfuzzing=true) or with standalone-driver.c (always, for the
 * "fuzz" test suite and build-aux/fuzz without clang).
 *
 * A harness aborts (through fuzz_fail()) when a parser breaks one of the
 * contracts every parser of a provider reply keeps, whatever the bytes:
 * a result or an error, never both or neither; errors in GUICHET_ERROR;
 * every string it hands on valid UTF-8 (it goes to SQLite and GTK). */

#include <stddef.h>
#include <stdint.h>
#include <json-glib/json-glib.h>

#include "guichet-core.h"

G_BEGIN_DECLS

int LLVMFuzzerInitialize   (int     *argc,
                            char  ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Makes criticals and warnings fatal: a g_return_if_fail() a parser hits
 * on hostile input is a bug. */
void      fuzz_init               (void);
G_NORETURN void fuzz_fail         (const char *format,
                                   ...) G_GNUC_PRINTF (1, 2);
/* The reply's bytes parsed by json-glib as the providers do, or NULL. */
JsonNode *fuzz_parse_json         (const uint8_t *data,
                                   size_t         size);
/* Exactly one of @result and @error set; @error in GUICHET_ERROR. Frees
 * @error. Returns @result != NULL. */
gboolean  fuzz_check_result       (gconstpointer  result,
                                   GError        *error,
                                   const char    *what);
/* Every readable string property of @object valid UTF-8 (and every other
 * property readable). */
void      fuzz_check_object       (gpointer       object,
                                   const char    *what);
/* fuzz_check_result() then fuzz_check_object() on each element; unrefs
 * @array. Takes @error (a pointer: read after the parser ran, whatever
 * the order C evaluates the arguments in) and clears it. */
void      fuzz_check_objects      (GPtrArray     *array,
                                   GError       **error,
                                   const char    *what);
void      fuzz_check_string       (const char    *text,
                                   const char    *what);

G_END_DECLS
