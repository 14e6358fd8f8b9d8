/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the door page's files share: the page's state, and the functions
 * each concern offers the others. guichet-door-page.c is the widget
 * (template, map, scans coming in, door mode); guichet-door-decide.c
 * decides scans and counts in worker threads; guichet-door-verdict.c shows
 * a verdict; guichet-door-pickers.c fills the date, gate and questions
 * pickers; guichet-door-search.c finds people by name. */

#include <gtk/gtk.h>

#include "guichet-core.h"
#include "guichet-door-page.h"
#include "guichet-door-timing.h"
#include "guichet-scan-capture.h"

G_BEGIN_DECLS

/* How many scans the "Last Scans" list keeps. */
#define MAX_LAST_SCANS 10
#define MAX_RESULTS 20
#define SOUND_PREFIX "/io/github/guichet/Guichet/sounds/"
/* How long what follows a verdict waits for the frame that paints it. */
#define AFTER_VERDICT_WAIT_MS 1000

struct _GuichetDoorPage
{
  GuichetPage           parent_instance;

  GtkWidget            *toolbar;
  GtkDropDown          *date_dropdown;
  GtkMenuButton        *gate_button;
  GtkBox               *gate_box;
  GtkToggleButton      *exit_button;
  GtkMenuButton        *questions_button;
  GtkBox               *questions_box;
  GtkLabel             *status_label;
  GtkWidget            *verdict_box;
  GtkImage             *verdict_icon;
  GtkLabel             *verdict_label;
  GtkLabel             *holder_label;
  GtkLabel             *detail_label;
  GtkLabel             *counter_label;
  GtkEntry             *code_entry;
  GtkSearchEntry       *search_entry;
  GtkListBox           *result_list;
  GtkListBox           *scan_list;
  GPtrArray            *scan_rows;     /* GtkListBoxRow, top first: row i shows last_scans i */
  GQueue                last_scans;    /* LastScan, newest first */

  GuichetScanCapture   *capture;
  GSettings            *settings;      /* the application's, or NULL */
  GuichetSerialScanner *serial;        /* while shown, when one is set */
  GCancellable         *cancellable;   /* cancelled in dispose */
  GuichetDoor          *door;          /* remade when event, date or gates change */
  GuichetProvider      *provider;      /* NULL until signed in, or offline */
  GuichetRemoteCheckIn *remote;        /* NULL without remote check-in */
  GuichetSyncState     *sync_state;
  GQueue                queue;         /* codes (char *) waiting, in order */
  gboolean              deciding;
  gboolean              counting;      /* a counters job is out */
  gboolean              count_again;   /* ... and another was asked meanwhile */
  GTask                *counts_held;   /* counted, shown with the next verdict */
  guint                 counts_held_id; /* ... or after COUNTS_HELD_MS */
  guint                 search_serial;
  GuichetDoorTiming    *timing;        /* for build-aux/bench, or NULL */
  GdkFrameClock        *verdict_clock; /* while a verdict waits to be painted */
  guint                 after_verdict_id; /* ... or for AFTER_VERDICT_WAIT_MS */
  GPtrArray            *to_push;       /* GuichetCheckIn: admissions to push then */

  char                 *event_id;      /* the event the pickers were filled for */
  char                 *date_id;
  GStrv                 gates;
  GPtrArray            *date_ids;      /* index in the dropdown - 1 -> id */
  GPtrArray            *gate_checks;   /* GtkCheckButton, ticket type id as data */
  GPtrArray            *question_checks; /* GtkCheckButton, question label as data */
  GStrv                 important;     /* the event's important questions */
  guint                 questions_serial;
  gboolean              updating_pickers;

  char                 *last_verdict;
  gboolean              sound;         /* play the verdict sounds */
  const char           *last_sound;    /* resource of the last verdict's, or NULL */
  GHashTable           *sounds;        /* resource -> GtkMediaStream */
  guint                 preload_id;    /* the idle that loads sounds and icons */
  guint                 preloaded;     /* how many steps of it are done */
  GHashTable           *icons;         /* icon name -> GtkIconPaintable, loaded */
  int                   icons_scale;   /* the scale they were loaded at */
  gint64                journal_version; /* as the counters last read it */
  GuichetJournalWatch  *journal_watch;  /* while shown */
  gboolean              door_mode;
  guint                 n_verdicts;
};

/* A line of the "Last Scans" list. Its rows stay, each showing the
 * scan at its place: a scan moves the texts down rather than add a row
 * at the top, which would restyle every row below it. */
typedef struct
{
  char    *text;
  char    *code;    /* the admission's, or NULL when it cannot be undone */
  gboolean undoing; /* its undo is under way */
  gboolean undone;
} LastScan;

/* What one decision (or a refresh of the counters) brings back from the
 * worker thread. */
typedef struct
{
  GuichetDoor        *door;
  GuichetStore       *store;
  char               *account_id;
  char               *event_id;
  char               *code;
  GuichetDirection    direction;
  GPtrArray          *found;        /* looked up on the platform, to keep first */
  gboolean            may_look_up;  /* an unknown code may be asked of the platform */
  gboolean            decide;       /* FALSE: only the counters */
  gboolean            undo;

  GuichetCheckIn     *check_in;
  GuichetParticipant *participant;
  gint64              previous_time;
  char               *previous_desk;
  GStrv               gates;        /* the gate's ticket types, or NULL */
  GStrv               important;    /* the important questions' labels */
  GStrv               answers;      /* the holder's answers to them */
  gint64              checked_in;
  gint64              expected;
  gint64              gate_in;      /* -1 without a gate */
  gint64              gate_expected;
  gint64              journal_version;
  guint               pending;
  guint               conflicts;
} DoorJob;

/* guichet-door-decide.c */
void        _guichet_door_page_take_code         (GuichetDoorPage *self,
                                                  const char      *code,
                                                  guint32          key_time);
void        _guichet_door_page_process_next      (GuichetDoorPage *self);
void        _guichet_door_page_refresh_counts    (GuichetDoorPage *self);
void        _guichet_door_page_unwatch_paint     (GuichetDoorPage *self);
void        _guichet_door_page_show_held_counts  (GuichetDoorPage *self);
const char *_guichet_door_page_get_desk          (GuichetDoorPage *self);
void        _guichet_door_page_undo              (GuichetDoorPage *self,
                                                  LastScan        *scan);
/* guichet-door-verdict.c */
void        _guichet_door_page_show_verdict      (GuichetDoorPage *self,
                                                  DoorJob         *job);
gboolean    _guichet_door_page_preload_step      (GuichetDoorPage *self);
void        _guichet_door_page_show_last_scan    (GuichetDoorPage *self,
                                                  LastScan        *scan);
LastScan   *_guichet_last_scan_ref               (LastScan        *scan);
void        _guichet_last_scan_unref             (LastScan        *scan);
/* guichet-door-pickers.c */
void        _guichet_door_page_fill_pickers      (GuichetDoorPage *self);
void        _guichet_door_page_load_questions    (GuichetDoorPage *self);
void        _guichet_door_page_rebuild_door      (GuichetDoorPage *self);
void        _guichet_door_page_date_selected     (GuichetDoorPage *self);
/* guichet-door-search.c */
void        _guichet_door_page_search_changed    (GuichetDoorPage *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LastScan, _guichet_last_scan_unref)

G_END_DECLS
