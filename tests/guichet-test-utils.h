/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* Runs the thread-default main context (a test's private one when it
 * pushed one) until *done is TRUE (or aborts after 60 s). */
void   guichet_test_wait_until     (gboolean   *done);
/* Adds @func as the test @path, run on a main context of its own pushed as
 * the thread-default one, drained and dropped afterwards, so that no source
 * or callback of one test can run inside another. */
void   guichet_test_add_private    (const char *path,
                                    GTestFunc   func);
/* A fresh database path inside the test's private XDG_DATA_HOME. */
char  *guichet_test_new_db_path    (void);
/* The first column of @sql's first row in the SQLite file @path, read
 * through a connection of the test's own; NULL when there is no row. */
char  *guichet_test_query_text    (const char *path,
                                   const char *sql);
/* g_assert_finalize_object() for objects a worker thread may still hold a
 * moment after their last callback ran (GTask drops its thread's reference
 * late): drops @object and waits, iterating the thread-default context,
 * until it is finalized; aborts when it is not within 10 s (a leak). */
void   guichet_test_assert_finalize (gpointer object);
/* The bytes of tests/data/<subdir>/<name> (aborts when missing). */
GBytes *guichet_test_load_data     (const char *subdir,
                                    const char *name);
/* Child @position of a category node (the model keeps it). */
GuichetTicketCategory *guichet_test_category_child_at (GuichetTicketCategory *node,
                                                       guint                  position);

G_END_DECLS
