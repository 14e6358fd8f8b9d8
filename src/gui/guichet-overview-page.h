/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-page.h"

G_BEGIN_DECLS

/* An event at a glance: when and where, its dates, how many participants
 * and how many are in. */

#define GUICHET_TYPE_OVERVIEW_PAGE (guichet_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (GuichetOverviewPage, guichet_overview_page, GUICHET, OVERVIEW_PAGE, GuichetPage)

G_END_DECLS
