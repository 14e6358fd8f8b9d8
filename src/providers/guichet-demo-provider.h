/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* The built-in demo box office: generated data, every capability, no network. */
#define GUICHET_TYPE_DEMO_PROVIDER (guichet_demo_provider_get_type ())
G_DECLARE_FINAL_TYPE (GuichetDemoProvider, guichet_demo_provider, GUICHET, DEMO_PROVIDER, GuichetProvider)

/* The desk name last registered with guichet_provider_register_desk_async(). */
const char *guichet_demo_provider_get_desk_name (GuichetDemoProvider *self);

G_END_DECLS
