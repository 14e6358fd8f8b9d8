/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-demo-data.h"
#include "guichet-demo-provider.h"

G_BEGIN_DECLS

/* The provider's data, made on first use. */
GuichetDemoData *_guichet_demo_provider_get_data    (GuichetDemoProvider  *self);
/* Installs the write operations (guichet-demo-writes.c). */
void             _guichet_demo_provider_add_writes  (GuichetProviderClass *klass);

G_END_DECLS
