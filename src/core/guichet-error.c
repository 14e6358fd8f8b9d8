/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-error"

#include "config.h"

#include "guichet-error.h"

G_DEFINE_QUARK (guichet-error-quark, guichet_error)
