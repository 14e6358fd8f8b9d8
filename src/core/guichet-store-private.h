/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The schema migrations, in order: migration i takes the database from
 * user_version i to i + 1. Never edit one that has shipped: append. */
const char * const *_guichet_store_get_migrations (guint *n_migrations);

G_END_DECLS
