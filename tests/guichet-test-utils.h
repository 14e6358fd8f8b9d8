/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* Runs the default main context until *done is TRUE (or aborts after 60 s). */
void   guichet_test_wait_until     (gboolean   *done);
/* A fresh database path inside the test's private XDG_DATA_HOME. */
char  *guichet_test_new_db_path    (void);

G_END_DECLS
