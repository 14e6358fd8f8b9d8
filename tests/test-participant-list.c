/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test"

#include "config.h"

#include <string.h>

#include "guichet-test-utils.h"

#define N_ROWS 5000

typedef struct
{
  GuichetStore *store;
} Fixture;

typedef struct
{
  guint n_signals;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static GuichetParticipant *
make_participant (guint i)
{
  g_autofree char *id = g_strdup_printf ("id-%u", i);
  g_autofree char *barcode = g_strdup_printf ("BC%05u", i);
  /* Written in reverse order, so the list has to sort. */
  g_autofree char *last = g_strdup_printf ("Last%04u", N_ROWS - 1 - i);

  /* The other columns run in orders of their own, so each sort shows. A
   * permutation of the e-mails, every third in capitals (sorted without
   * case); five ticket types, every eleventh known by its id only; four
   * statuses; every third checked in, at times that tie now and then. */
  g_autofree char *email =
    g_strdup_printf (i % 3 ? "p%04u@example.org" : "P%04u@EXAMPLE.ORG", (i * 7919) % N_ROWS);
  g_autofree char *type_id = g_strdup_printf (i % 11 ? "tt%u" : "raw-%u", i % 11 ? i % 5 : i % 3);
  g_autofree char *type_name = g_strdup_printf ("Type %c", 'A' + (4 - i % 5));
  g_autofree char *checked_in_at = g_strdup_printf ("2025-06-07T20:%02u:00Z", (i * 13) % 60);

  return g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "barcode", barcode, "first-name",
                       i % 2 ? "Hélène" : "Marc", "last-name", last, "email", email,
                       "ticket-type-id", type_id, "ticket-type-name", i % 11 ? type_name : NULL,
                       "status", (GuichetParticipantStatus) (i % 4), "checked-in", i % 3 == 0,
                       "checked-in-at", i % 3 == 0 ? checked_in_at : NULL, NULL);
}

static void
write_rows (GuichetStore *store,
            const char   *event_id,
            guint         from,
            guint         to)
{
  g_autoptr (GError) error = NULL;

  for (guint start = from; start < to; start += 1000)
    {
      g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = start; i < MIN (start + 1000, to); i++)
        g_ptr_array_add (page, make_participant (i));
      g_assert_true (
        guichet_store_write_participants (store, "acc", event_id, page, NULL, 1, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GError) error = NULL;

  fixture->store = guichet_store_new (path, &error);
  g_assert_no_error (error);
  write_rows (fixture->store, "ev", 0, N_ROWS);
  write_rows (fixture->store, "other", 0, 10);
}

static void
on_store_finalized (gpointer data,
                    GObject *where_the_object_was)
{
  int *done = data;

  /* This may run in the worker thread that dropped the last reference. */
  g_atomic_int_set (done, TRUE);
  g_main_context_wakeup (NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  int done = FALSE;

  /* A superseded background load may still hold the list (and so the
   * store) until its result is dispatched: let it land, then the store
   * must go. */
  g_object_weak_ref (G_OBJECT (fixture->store), on_store_finalized, &done);
  g_object_unref (fixture->store);
  while (!g_atomic_int_get (&done))
    g_main_context_iteration (NULL, TRUE);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  ItemsChanged *changed = user_data;

  /* The model already says the new count when it tells. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                    changed->n_signals == 0 ? added : g_list_model_get_n_items (model));
  changed->n_signals++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

static void
on_loading (GObject    *object,
            GParamSpec *pspec,
            gpointer    user_data)
{
  gboolean *done = user_data;

  if (!guichet_participant_list_get_loading (GUICHET_PARTICIPANT_LIST (object)))
    *done = TRUE;
}

/* Waits for the background load that is under way. */
static void
wait_loaded (GuichetParticipantList *list)
{
  gboolean done = FALSE;
  gulong   id;

  if (!guichet_participant_list_get_loading (list))
    return;

  id = g_signal_connect (list, "notify::loading", G_CALLBACK (on_loading), &done);
  guichet_test_wait_until (&done);
  g_signal_handler_disconnect (list, id);
}

static void
assert_item (GListModel *model,
             guint       position,
             const char *last_name)
{
  g_autoptr (GuichetParticipant) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  g_assert_true (GUICHET_IS_PARTICIPANT (item));
  g_assert_cmpstr (guichet_participant_get_last_name (item), ==, last_name);
}

static void
test_load (Fixture      *fixture,
           gconstpointer data)
{
  g_autoptr (GuichetParticipantList) list = NULL;
  ItemsChanged changed = { 0 };
  GListModel  *model;

  list = guichet_participant_list_new (fixture->store, "acc", "ev");
  model = G_LIST_MODEL (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changed);

  g_assert_true (g_list_model_get_item_type (model) == GUICHET_TYPE_PARTICIPANT);
  /* Rowids arrive from a worker thread. */
  g_assert_true (guichet_participant_list_get_loading (list));
  wait_loaded (list);
  g_assert_false (guichet_participant_list_get_loading (list));

  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, N_ROWS);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ROWS);

  /* In last-name order, whatever order they were written in. */
  for (guint i = 0; i < N_ROWS; i += 97)
    {
      g_autofree char *expected = g_strdup_printf ("Last%04u", i);
      assert_item (model, i, expected);
    }
  assert_item (model, 0, "Last0000");
  assert_item (model, N_ROWS - 1, "Last4999");
  /* The cache gives the same answer twice. */
  assert_item (model, 0, "Last0000");
  assert_item (model, 256, "Last0256");
  assert_item (model, 0, "Last0000");
  g_assert_null (g_list_model_get_item (model, N_ROWS));
}

static void
test_search (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr (GuichetParticipantList) list = NULL;
  g_autoptr (GError) error = NULL;
  ItemsChanged changed = { 0 };
  GListModel  *model;

  list = guichet_participant_list_new (fixture->store, "acc", "ev");
  model = G_LIST_MODEL (list);
  wait_loaded (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changed);

  guichet_participant_list_set_search (list, "last012");
  g_assert_cmpstr (guichet_participant_list_get_search (list), ==, "last012");
  g_assert_true (guichet_participant_list_get_loading (list));
  wait_loaded (list);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.removed, ==, N_ROWS);
  g_assert_cmpuint (changed.added, ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *expected = g_strdup_printf ("Last012%u", i);
      assert_item (model, i, expected);
    }

  /* Accents ignored, two words */
  guichet_participant_list_set_search (list, "helene last000");
  g_assert_true (guichet_participant_list_load_sync (list, &error));
  g_assert_no_error (error);
  g_assert_false (guichet_participant_list_get_loading (list));
  /* Last0000..Last0009: the odd writes (i = 4999 - n) are Hélène. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);

  /* Barcode prefix */
  g_object_set (list, "search", "BC0499", NULL);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);

  /* Clearing the search shows everyone again. */
  guichet_participant_list_set_search (list, NULL);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ROWS);

  /* Input that would be FTS syntax finds nothing, quietly. */
  guichet_participant_list_set_search (list, "\"*");
  g_assert_true (guichet_participant_list_load_sync (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
}

static void
test_reload (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr (GuichetParticipantList) list = NULL;
  g_autoptr (GError) error = NULL;
  ItemsChanged changed = { 0 };
  GListModel  *model;

  list = guichet_participant_list_new (fixture->store, "acc", "ev");
  model = G_LIST_MODEL (list);
  /* load_sync overtakes the background load, which then changes nothing. */
  g_assert_true (guichet_participant_list_load_sync (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ROWS);

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changed);

  /* A sync added ten people. */
  write_rows (fixture->store, "ev", N_ROWS, N_ROWS + 10);
  guichet_participant_list_reload (list);
  g_assert_true (guichet_participant_list_get_loading (list));
  wait_loaded (list);

  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, N_ROWS);
  g_assert_cmpuint (changed.added, ==, N_ROWS + 10);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ROWS + 10);
}

static void
on_journal_changed (GuichetJournalWatch *watch,
                    gpointer             user_data)
{
  gboolean *changed = user_data;

  *changed = TRUE;
}

static void
on_row_changed (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                gpointer    user_data)
{
  ItemsChanged *changed = user_data;

  changed->n_signals++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

static gboolean
version_read (gpointer user_data)
{
  return guichet_journal_watch_get_version (user_data) >= 0;
}

/* Another process (here: another store on the same file, its own
 * connection) admits someone: the watch tells, and the rows the view was
 * given are read again and say so; nothing else moves. */
static void
test_journal_refresh (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr (GuichetParticipantList) list = NULL;
  g_autoptr (GuichetJournalWatch) watch = NULL;
  g_autoptr (GuichetStore) other = NULL;
  g_autoptr (GuichetDoor) door = NULL;
  g_autoptr (GuichetCheckIn) entry = NULL;
  g_autoptr (GuichetParticipant) first = NULL;
  g_autoptr (GuichetParticipant) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *barcode = NULL;
  ItemsChanged     changed = { 0 };
  gboolean         journal_changed = FALSE;
  guint64          n_read;
  guint            position = 0;
  GListModel      *model;

  list = guichet_participant_list_new (fixture->store, "acc", "ev");
  model = G_LIST_MODEL (list);
  g_assert_true (guichet_participant_list_load_sync (list, &error));
  g_assert_no_error (error);

  /* what a view shows: the first rows; one of them valid and not in */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr (GuichetParticipant) item = g_list_model_get_item (model, i);

      if (first == NULL && !guichet_participant_get_checked_in (item) &&
          guichet_participant_get_status (item) == GUICHET_PARTICIPANT_STATUS_VALID)
        {
          first = g_object_ref (item);
          position = i;
        }
    }
  g_assert_nonnull (first);
  g_assert_cmpint (guichet_participant_get_admitted_here (first), ==, 0);
  barcode = g_strdup (guichet_participant_get_barcode (first));

  watch = guichet_journal_watch_new (fixture->store, 20);
  g_signal_connect (watch, "changed", G_CALLBACK (on_journal_changed), &journal_changed);
  guichet_journal_watch_set_active (watch, TRUE);
  while (!version_read (watch))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (journal_changed);

  other = guichet_store_new (guichet_store_get_path (fixture->store), &error);
  g_assert_no_error (error);
  door = guichet_door_new (other, "acc", "ev");
  entry = guichet_door_scan (door, barcode, GUICHET_DIRECTION_IN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (guichet_check_in_get_verdict (entry), ==, GUICHET_VERDICT_ADMITTED);

  guichet_test_wait_until (&journal_changed);

  g_signal_connect (list, "items-changed", G_CALLBACK (on_row_changed), &changed);
  n_read = guichet_participant_list_get_n_rows_read (list);
  guichet_participant_list_refresh_check_ins (list);
  g_assert_false (guichet_participant_list_get_loading (list));
  /* each row handed out, one by one: 20 of them, not the whole list */
  g_assert_cmpuint (changed.n_signals, ==, 20);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ROWS);

  again = g_list_model_get_item (model, position);
  g_assert_cmpuint (guichet_participant_list_get_n_rows_read (list), >, n_read);
  g_assert_cmpstr (guichet_participant_get_barcode (again), ==, barcode);
  g_assert_cmpint (guichet_participant_get_admitted_here (again), >, 0);

  /* listed by check-in state: the rows themselves are read again */
  guichet_participant_list_set_check_in_filter (list, GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN);
  wait_loaded (list);
  guichet_participant_list_refresh_check_ins (list);
  g_assert_true (guichet_participant_list_get_loading (list));
  wait_loaded (list);

  guichet_journal_watch_set_active (watch, FALSE);
  g_signal_handlers_disconnect_by_data (list, &changed);
  g_clear_object (&door);
  g_clear_object (&entry);
  guichet_test_assert_finalize (g_steal_pointer (&other));
}

static void
test_empty (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr (GuichetParticipantList) list = NULL;
  g_autoptr (GError) error = NULL;

  list = guichet_participant_list_new (fixture->store, "acc", "nothing-here");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));
}

/* Sorting: the store orders the rowids; the test checks the order the
 * model gives against the participants' own fields. */

static int
compare_strings (const char *a,
                 const char *b)
{
  /* SQL: NULL sorts first */
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return strcmp (a, b);
}

static const char *
ticket_key (GuichetParticipant *p)
{
  const char *name = guichet_participant_get_ticket_type_name (p);

  return name != NULL && *name != '\0' ? name : guichet_participant_get_ticket_type_id (p);
}

/* The sort's own key of @a and @b, without the name that breaks ties. */
static int
compare_key (GuichetParticipantSort sort,
             GuichetParticipant    *a,
             GuichetParticipant    *b)
{
  switch (sort)
    {
    case GUICHET_PARTICIPANT_SORT_EMAIL:
      return g_ascii_strcasecmp (guichet_participant_get_email (a),
                                 guichet_participant_get_email (b));
    case GUICHET_PARTICIPANT_SORT_TICKET:
      return compare_strings (ticket_key (a), ticket_key (b));
    case GUICHET_PARTICIPANT_SORT_STATUS:
      return strcmp (guichet_participant_status_to_string (guichet_participant_get_status (a)),
                     guichet_participant_status_to_string (guichet_participant_get_status (b)));
    case GUICHET_PARTICIPANT_SORT_CHECKED_IN:
      if (guichet_participant_get_checked_in (a) != guichet_participant_get_checked_in (b))
        return guichet_participant_get_checked_in (a) ? 1 : -1;
      return compare_strings (guichet_participant_get_checked_in_at (a),
                              guichet_participant_get_checked_in_at (b));
    case GUICHET_PARTICIPANT_SORT_NAME:
    default:
      return 0;
    }
}

static void
assert_sorted (GuichetParticipantList *list,
               GuichetParticipantSort  sort,
               gboolean                descending,
               gboolean                tie_by_name)
{
  GListModel *model = G_LIST_MODEL (list);
  guint       n = g_list_model_get_n_items (model);
  guint       n_ties = 0;
  g_autoptr (GuichetParticipant) previous = NULL;

  g_assert_cmpuint (n, ==, N_ROWS);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GuichetParticipant) item = g_list_model_get_item (model, i);

      if (previous != NULL)
        {
          int cmp = compare_key (sort, previous, item);

          if (descending)
            cmp = -cmp;
          if (cmp > 0)
            g_error ("%s %s: row %u (%s) after row %u (%s)",
                     g_enum_to_string (GUICHET_TYPE_PARTICIPANT_SORT, sort),
                     descending ? "descending" : "ascending", i, guichet_participant_get_id (item),
                     i - 1, guichet_participant_get_id (previous));
          if (cmp == 0 && tie_by_name)
            {
              /* Last names are unique and fold to the sort key's order. */
              int by_name = strcmp (guichet_participant_get_last_name (previous),
                                    guichet_participant_get_last_name (item));

              n_ties++;
              g_assert_cmpint (descending ? -by_name : by_name, <, 0);
            }
        }
      g_set_object (&previous, item);
    }

  /* The fixture's data makes ties for every column but name and e-mail. */
  if (tie_by_name)
    g_assert_cmpuint (n_ties, >, N_ROWS / 2);
}

static void
test_sort (Fixture      *fixture,
           gconstpointer data)
{
  static const GuichetParticipantSort sorts[] = {
    GUICHET_PARTICIPANT_SORT_NAME,       GUICHET_PARTICIPANT_SORT_EMAIL,
    GUICHET_PARTICIPANT_SORT_TICKET,     GUICHET_PARTICIPANT_SORT_STATUS,
    GUICHET_PARTICIPANT_SORT_CHECKED_IN,
  };
  g_autoptr (GuichetParticipantList) list = NULL;
  GListModel *model;

  list = guichet_participant_list_new (fixture->store, "acc", "ev");
  model = G_LIST_MODEL (list);
  wait_loaded (list);
  g_assert_cmpint (guichet_participant_list_get_sort (list), ==, GUICHET_PARTICIPANT_SORT_NAME);
  g_assert_false (guichet_participant_list_get_sort_descending (list));

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (guint d = 0; d < 2; d++)
      {
        ItemsChanged changed = { 0 };
        gulong       id;

        id = g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changed);
        guichet_participant_list_set_sort (list, sorts[s], d == 1);
        g_assert_cmpint (guichet_participant_list_get_sort (list), ==, sorts[s]);
        g_assert_cmpint (guichet_participant_list_get_sort_descending (list), ==, d == 1);
        /* The store sorts in a worker thread; the model swaps in one go. */
        if (s > 0 || d > 0)
          {
            g_assert_true (guichet_participant_list_get_loading (list));
            wait_loaded (list);
            g_assert_cmpuint (changed.n_signals, ==, 1);
            g_assert_cmpuint (changed.removed, ==, N_ROWS);
            g_assert_cmpuint (changed.added, ==, N_ROWS);
          }
        g_signal_handler_disconnect (list, id);

        assert_sorted (list, sorts[s], d == 1,
                       sorts[s] != GUICHET_PARTICIPANT_SORT_NAME &&
                         sorts[s] != GUICHET_PARTICIPANT_SORT_EMAIL);
      }

  /* The extremes, from the data's own rules: */
  guichet_participant_list_set_sort (list, GUICHET_PARTICIPANT_SORT_NAME, TRUE);
  wait_loaded (list);
  assert_item (model, 0, "Last4999");
  guichet_participant_list_set_sort (list, GUICHET_PARTICIPANT_SORT_EMAIL, FALSE);
  wait_loaded (list);
  {
    g_autoptr (GuichetParticipant) first = g_list_model_get_item (model, 0);

    /* i = 0 gets e-mail number 0, in capitals */
    g_assert_cmpstr (guichet_participant_get_email (first), ==, "P0000@EXAMPLE.ORG");
  }
  guichet_participant_list_set_sort (list, GUICHET_PARTICIPANT_SORT_TICKET, TRUE);
  wait_loaded (list);
  {
    g_autoptr (GuichetParticipant) first = g_list_model_get_item (model, 0);

    /* ids only ("raw-2") sort after the names ("Type E") in binary order */
    g_assert_null (guichet_participant_get_ticket_type_name (first));
    g_assert_cmpstr (guichet_participant_get_ticket_type_id (first), ==, "raw-2");
  }
  guichet_participant_list_set_sort (list, GUICHET_PARTICIPANT_SORT_CHECKED_IN, TRUE);
  wait_loaded (list);
  {
    g_autoptr (GuichetParticipant) first = g_list_model_get_item (model, 0);
    g_autoptr (GuichetParticipant) last = g_list_model_get_item (model, N_ROWS - 1);

    g_assert_true (guichet_participant_get_checked_in (first));
    g_assert_false (guichet_participant_get_checked_in (last));
  }

  /* Search and sort together: the matches, in the sort's order. */
  guichet_participant_list_set_sort (list, GUICHET_PARTICIPANT_SORT_EMAIL, TRUE);
  guichet_participant_list_set_search (list, "last012");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  for (guint i = 1; i < 10; i++)
    {
      g_autoptr (GuichetParticipant) a = g_list_model_get_item (model, i - 1);
      g_autoptr (GuichetParticipant) b = g_list_model_get_item (model, i);

      g_assert_cmpint (g_ascii_strcasecmp (guichet_participant_get_email (a),
                                           guichet_participant_get_email (b)),
                       >, 0);
    }
}

/* Sorting stays lazy: a new order reads rowids only (in the store's
 * worker thread), and the rows the view shows become objects one by one.
 * The order is checked against one computed here, in C, from the rows the
 * fixture wrote: its first and last rows, read without the middle. */

typedef struct
{
  GuichetParticipantSort sort;
  gboolean               descending;
} Order;

static int
compare_full (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Order        *order = user_data;
  GuichetParticipant *pa = *(GuichetParticipant **) a;
  GuichetParticipant *pb = *(GuichetParticipant **) b;
  int                 cmp = compare_key (order->sort, pa, pb);

  /* Ties: by name (the fixture's last names are unique) */
  if (cmp == 0)
    cmp = strcmp (guichet_participant_get_last_name (pa), guichet_participant_get_last_name (pb));

  return order->descending ? -cmp : cmp;
}

static void
assert_rows (GuichetParticipantList *list,
             GPtrArray              *expected,
             guint                   from,
             guint                   to)
{
  for (guint i = from; i < to; i++)
    {
      g_autoptr (GuichetParticipant) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      GuichetParticipant *want = g_ptr_array_index (expected, i);

      g_assert_cmpstr (guichet_participant_get_id (item), ==, guichet_participant_get_id (want));
    }
}

static void
test_sort_lazy (Fixture      *fixture,
                gconstpointer data)
{
  static const GuichetParticipantSort sorts[] = {
    GUICHET_PARTICIPANT_SORT_EMAIL,  GUICHET_PARTICIPANT_SORT_TICKET,
    GUICHET_PARTICIPANT_SORT_STATUS, GUICHET_PARTICIPANT_SORT_CHECKED_IN,
    GUICHET_PARTICIPANT_SORT_NAME,
  };
  const guint page = 50;
  g_autoptr (GuichetParticipantList) list = NULL;
  g_autoptr (GPtrArray) written = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < N_ROWS; i++)
    g_ptr_array_add (written, make_participant (i));

  list = guichet_participant_list_new (fixture->store, "acc", "ev");
  wait_loaded (list);
  g_assert_cmpuint (guichet_participant_list_get_n_rows_read (list), ==, 0);

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (guint d = 0; d < 2; d++)
      {
        Order   order = { sorts[s], d == 1 };
        guint64 before = guichet_participant_list_get_n_rows_read (list);

        g_ptr_array_sort_with_data (written, compare_full, &order);

        guichet_participant_list_set_sort (list, order.sort, order.descending);
        wait_loaded (list);
        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ROWS);
        /* The new order cost no row: only rowids came back. */
        g_assert_cmpuint (guichet_participant_list_get_n_rows_read (list), ==, before);

        /* The first page and the last, as a view scrolled to either end */
        assert_rows (list, written, 0, page);
        assert_rows (list, written, N_ROWS - page, N_ROWS);
        g_assert_cmpuint (guichet_participant_list_get_n_rows_read (list), ==, before + 2 * page);

        /* Read again: from the cache, not the store */
        assert_rows (list, written, 0, page);
        g_assert_cmpuint (guichet_participant_list_get_n_rows_read (list), ==, before + 2 * page);
      }
}

/* Filters: by ticket type and by check-in state, in the store's query,
 * with the search and the order. Every check compares the list, row by
 * row, with the rows the fixture wrote, chosen and sorted here in C. */

typedef struct
{
  const char          *first_name; /* the search "hél" matches Hélène only */
  const char * const  *types;
  GuichetCheckInFilter check_in;
} Want;

static gboolean
wanted (const Want         *want,
        GuichetParticipant *p)
{
  if (want->first_name != NULL &&
      g_strcmp0 (guichet_participant_get_first_name (p), want->first_name) != 0)
    return FALSE;
  if (want->types != NULL && want->types[0] != NULL &&
      !g_strv_contains (want->types, guichet_participant_get_ticket_type_id (p)))
    return FALSE;
  if (want->check_in == GUICHET_CHECK_IN_FILTER_CHECKED_IN)
    return guichet_participant_get_checked_in (p);
  if (want->check_in == GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN)
    return !guichet_participant_get_checked_in (p);
  return TRUE;
}

/* The fixture's rows of "ev" that @want keeps, in @order. */
static GPtrArray *
expected_rows (const Want  *want,
               const Order *order)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < N_ROWS; i++)
    {
      GuichetParticipant *p = make_participant (i);

      if (wanted (want, p))
        g_ptr_array_add (rows, p);
      else
        g_object_unref (p);
    }
  g_ptr_array_sort_with_data (rows, compare_full, (gpointer) order);
  return rows;
}

static void
assert_exact_rows (GuichetParticipantList *list,
                   const Want             *want,
                   const Order            *order)
{
  g_autoptr (GPtrArray) expected = expected_rows (want, order);

  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected->len);
  assert_rows (list, expected, 0, expected->len);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_filter (Fixture      *fixture,
             gconstpointer data)
{
  const char * const one_type[] = { "tt1", NULL };
  const char * const two_types[] = { "raw-2", "tt3", NULL };
  const char * const same_two[] = { "tt3", "raw-2", NULL };
  const char * const none[] = { NULL };
  Order              by_name = { GUICHET_PARTICIPANT_SORT_NAME, FALSE };
  g_autoptr (GuichetParticipantList) list = NULL;
  g_auto (GStrv) got = NULL;
  GuichetCheckInFilter got_check_in;
  guint                n_types = 0, n_check_in = 0;
  guint64              read;

  list = guichet_participant_list_new (fixture->store, "acc", "ev");
  wait_loaded (list);
  g_signal_connect (list, "notify::ticket-types", G_CALLBACK (count_notify), &n_types);
  g_signal_connect (list, "notify::check-in-filter", G_CALLBACK (count_notify), &n_check_in);
  g_assert_null (guichet_participant_list_get_ticket_types (list));
  g_assert_cmpint (guichet_participant_list_get_check_in_filter (list), ==,
                   GUICHET_CHECK_IN_FILTER_ALL);

  /* One type: its rows only (not the other event's, which has them too) */
  guichet_participant_list_set_ticket_types (list, one_type);
  g_assert_cmpuint (n_types, ==, 1);
  g_assert_true (guichet_participant_list_get_loading (list));
  wait_loaded (list);
  assert_exact_rows (list, &(Want){ NULL, one_type, GUICHET_CHECK_IN_FILTER_ALL }, &by_name);

  /* Two types, one known by its id only; the same set again in another
   * order is no change: no notification, no reload. */
  guichet_participant_list_set_ticket_types (list, two_types);
  wait_loaded (list);
  assert_exact_rows (list, &(Want){ NULL, two_types, GUICHET_CHECK_IN_FILTER_ALL }, &by_name);
  guichet_participant_list_set_ticket_types (list, same_two);
  g_assert_cmpuint (n_types, ==, 2);
  g_assert_false (guichet_participant_list_get_loading (list));

  /* As a property: the same filter */
  g_object_get (list, "ticket-types", &got, NULL);
  g_assert_cmpuint (g_strv_length (got), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) got, "raw-2"));
  g_assert_true (g_strv_contains ((const char * const *) got, "tt3"));

  /* The check-in state, with the types */
  g_object_set (list, "check-in-filter", GUICHET_CHECK_IN_FILTER_CHECKED_IN, NULL);
  g_assert_cmpuint (n_check_in, ==, 1);
  wait_loaded (list);
  assert_exact_rows (list, &(Want){ NULL, two_types, GUICHET_CHECK_IN_FILTER_CHECKED_IN },
                     &by_name);
  g_object_get (list, "check-in-filter", &got_check_in, NULL);
  g_assert_cmpint (got_check_in, ==, GUICHET_CHECK_IN_FILTER_CHECKED_IN);
  guichet_participant_list_set_check_in_filter (list, GUICHET_CHECK_IN_FILTER_CHECKED_IN);
  g_assert_cmpuint (n_check_in, ==, 1);
  g_assert_false (guichet_participant_list_get_loading (list));

  /* Alone, both ways; a filter change reads rowids only, no row */
  read = guichet_participant_list_get_n_rows_read (list);
  guichet_participant_list_set_ticket_types (list, none); /* empty: every type */
  g_assert_null (guichet_participant_list_get_ticket_types (list));
  g_assert_cmpuint (n_types, ==, 3);
  wait_loaded (list);
  g_assert_cmpuint (guichet_participant_list_get_n_rows_read (list), ==, read);
  assert_exact_rows (list, &(Want){ NULL, NULL, GUICHET_CHECK_IN_FILTER_CHECKED_IN }, &by_name);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, (N_ROWS + 2) / 3);

  guichet_participant_list_set_check_in_filter (list, GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN);
  wait_loaded (list);
  assert_exact_rows (list, &(Want){ NULL, NULL, GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN }, &by_name);

  /* No filter: everyone again */
  guichet_participant_list_set_check_in_filter (list, GUICHET_CHECK_IN_FILTER_ALL);
  g_assert_cmpuint (n_check_in, ==, 3);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_ROWS);

  /* A type nobody holds: nothing */
  guichet_participant_list_set_ticket_types (list, (const char * const[]){ "no-such-type", NULL });
  g_assert_true (guichet_participant_list_load_sync (list, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

/* The event's total beside the rows found ("12 of 1,234 match"), and a
 * ticket's own journal entries (the details' history). */
static void
test_total (Fixture      *fixture,
            gconstpointer data)
{
  const char * const one_type[] = { "tt1", NULL };
  g_autoptr (GuichetParticipantList) list = NULL;
  g_autoptr (GuichetCheckIn) entry = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autoptr (GError) error = NULL;
  guint n;

  list = guichet_participant_list_new (fixture->store, "acc", "ev");
  g_assert_cmpint (guichet_participant_list_get_n_total (list), ==, -1);
  wait_loaded (list);
  g_assert_null (guichet_participant_list_get_error (list));
  g_assert_cmpint (guichet_participant_list_get_n_total (list), ==, N_ROWS);

  guichet_participant_list_set_ticket_types (list, one_type);
  wait_loaded (list);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, N_ROWS);
  g_assert_cmpint (guichet_participant_list_get_n_total (list), ==, N_ROWS);

  guichet_participant_list_set_search (list, "zzzz-nobody");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpint (guichet_participant_list_get_n_total (list), ==, N_ROWS);

  /* One code's entries, newest first, the annulled one marked; not the
   * other codes' */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (GuichetCheckIn) c =
        g_object_new (GUICHET_TYPE_CHECK_IN, "account-id", "acc", "event-id", "ev", "code",
                      i < 2 ? "BC00001" : "BC00002", "time", (gint64) 1000 + i, "desk", "d",
                      "verdict", GUICHET_VERDICT_ADMITTED, NULL);

      g_assert_true (guichet_store_append_check_in (fixture->store, c, &error));
      g_assert_no_error (error);
    }
  entry = guichet_store_undo_last_admission (fixture->store, "acc", "ev", "BC00001", "d", &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  history = guichet_store_list_check_ins_for_code (fixture->store, "acc", "ev", "BC00001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (guichet_check_in_get_time (g_ptr_array_index (history, 0)), ==, 1001);
  g_assert_true (guichet_check_in_get_undone (g_ptr_array_index (history, 0)));
  g_assert_false (guichet_check_in_get_undone (g_ptr_array_index (history, 1)));
  g_clear_pointer (&history, g_ptr_array_unref);
  history =
    guichet_store_list_check_ins_for_code (fixture->store, "acc", "other", "BC00001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);
}

/* Search, sort and filters together, every order both ways: exactly the
 * rows computed here, in order. */
static void
test_search_sort_filter (Fixture      *fixture,
                         gconstpointer data)
{
  static const GuichetParticipantSort sorts[] = {
    GUICHET_PARTICIPANT_SORT_NAME,       GUICHET_PARTICIPANT_SORT_EMAIL,
    GUICHET_PARTICIPANT_SORT_TICKET,     GUICHET_PARTICIPANT_SORT_STATUS,
    GUICHET_PARTICIPANT_SORT_CHECKED_IN,
  };
  const char * const types[] = { "tt2", "tt4", "raw-1", NULL };
  g_autoptr (GuichetParticipantList) list = NULL;

  list = guichet_participant_list_new (fixture->store, "acc", "ev");
  wait_loaded (list);
  guichet_participant_list_set_search (list, "hél");

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (guint d = 0; d < 2; d++)
      {
        Order order = { sorts[s], d == 1 };

        guichet_participant_list_set_sort (list, order.sort, order.descending);

        /* The search alone, then with each filter, then with both */
        guichet_participant_list_set_ticket_types (list, NULL);
        guichet_participant_list_set_check_in_filter (list, GUICHET_CHECK_IN_FILTER_ALL);
        wait_loaded (list);
        assert_exact_rows (list, &(Want){ "Hélène", NULL, GUICHET_CHECK_IN_FILTER_ALL }, &order);

        guichet_participant_list_set_ticket_types (list, types);
        wait_loaded (list);
        assert_exact_rows (list, &(Want){ "Hélène", types, GUICHET_CHECK_IN_FILTER_ALL }, &order);

        guichet_participant_list_set_check_in_filter (list, GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN);
        wait_loaded (list);
        assert_exact_rows (list, &(Want){ "Hélène", types, GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN },
                           &order);

        guichet_participant_list_set_ticket_types (list, NULL);
        guichet_participant_list_set_check_in_filter (list, GUICHET_CHECK_IN_FILTER_CHECKED_IN);
        wait_loaded (list);
        assert_exact_rows (list, &(Want){ "Hélène", NULL, GUICHET_CHECK_IN_FILTER_CHECKED_IN },
                           &order);
      }
}

/* The search sorts its matches by the order the store last listed (see
 * guichet-store-search.c): a change to the rows since, in any direction,
 * still gives the right rows in the right order. */
static void
test_search_after_change (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr (GuichetParticipantList) list = NULL;
  g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  GListModel *model;

  list = guichet_participant_list_new (fixture->store, "acc", "ev");
  model = G_LIST_MODEL (list);
  wait_loaded (list);

  /* The other event holds Last4990..Last4999 too: not this one's */
  guichet_participant_list_set_search (list, "last499");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  assert_item (model, 0, "Last4990");
  assert_item (model, 9, "Last4999");

  /* Descending, from the ascending order listed first */
  guichet_participant_list_set_sort (list, GUICHET_PARTICIPANT_SORT_NAME, TRUE);
  wait_loaded (list);
  assert_item (model, 0, "Last4999");
  assert_item (model, 9, "Last4990");

  /* A new participant sorting in the middle, and one renamed away */
  g_ptr_array_add (page, g_object_new (GUICHET_TYPE_PARTICIPANT, "id", "id-new", "barcode", "NEW1",
                                       "first-name", "Marc", "last-name", "Last4995b", NULL));
  g_ptr_array_add (page, g_object_new (GUICHET_TYPE_PARTICIPANT, "id", "id-1", "barcode", "BC00001",
                                       "first-name", "Hélène", "last-name", "Renamed", NULL));
  g_assert_true (
    guichet_store_write_participants (fixture->store, "acc", "ev", page, NULL, 1, &error));
  g_assert_no_error (error);

  guichet_participant_list_reload (list);
  wait_loaded (list);
  /* id-1 was Last4998 */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  assert_item (model, 0, "Last4999");
  assert_item (model, 1, "Last4997");
  assert_item (model, 3, "Last4995b");
  assert_item (model, 4, "Last4995");
  assert_item (model, 9, "Last4990");

  guichet_participant_list_set_search (list, "renamed");
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  assert_item (model, 0, "Renamed");
}

/* The first rows of a search found by testing the event's rows in order
 * are those the indexes find, in every order: names with and without
 * their accents and capitals, words of the e-mail, an e-mail and a
 * barcode being typed. A selective text is left to the indexes. */
static void
test_head (Fixture      *fixture,
           gconstpointer data)
{
  const char *texts[] = { "h",  "hel",      "HÉLÈNE", "m",   "marc last", "example",
                          "p0", "P0123@EX", "bc01",   "ORG", "last0042",  "zzz" };
  g_autoptr (GError) error = NULL;
  guint walked = 0;

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (GuichetParticipantSort sort = 0; sort <= GUICHET_PARTICIPANT_SORT_CHECKED_IN; sort++)
      for (guint descending = 0; descending < 2; descending++)
        {
          g_autoptr (GArray) all = NULL;
          g_autoptr (GArray) head = NULL;
          gboolean complete = TRUE;
          guint    n_event = 0;

          all = guichet_store_list_participant_rowids (fixture->store, "acc", "ev", texts[t], sort,
                                                       descending, &error);
          g_assert_no_error (error);
          head = guichet_store_list_participant_rowids_head (fixture->store, "acc", "ev", texts[t],
                                                             sort, descending, 60, &complete,
                                                             &n_event, &error);
          g_assert_no_error (error);
          if (head == NULL)
            continue;
          walked++;
          g_assert_cmpuint (n_event, ==, N_ROWS);
          g_assert_false (complete);
          g_assert_cmpuint (head->len, ==, 60);
          g_assert_cmpuint (all->len, >=, 60);
          g_assert_cmpmem (head->data, head->len * sizeof (gint64), all->data,
                           head->len * sizeof (gint64));
        }
  /* The texts matching a good part of the event were walked, each way. */
  g_assert_cmpuint (walked, >=, 7 * 2 * (GUICHET_PARTICIPANT_SORT_CHECKED_IN + 1));

  /* The door's search by name takes its first few the same way. */
  {
    g_autoptr (GPtrArray) found =
      guichet_store_search_participants (fixture->store, "acc", "ev", "example", 20, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 20);
    for (guint i = 0; i < found->len; i++)
      {
        g_autofree char *expected = g_strdup_printf ("Last%04u", i);

        g_assert_cmpstr (guichet_participant_get_last_name (g_ptr_array_index (found, i)), ==,
                         expected);
      }
  }

  /* One row, and none: left to the indexes. */
  for (guint t = G_N_ELEMENTS (texts) - 2; t < G_N_ELEMENTS (texts); t++)
    {
      gboolean complete = TRUE;
      g_autoptr (GArray) head =
        guichet_store_list_participant_rowids_head (fixture->store, "acc", "ev", texts[t],
                                                    GUICHET_PARTICIPANT_SORT_NAME, FALSE, 60,
                                                    &complete, NULL, &error);

      g_assert_no_error (error);
      g_assert_null (head);
    }

  /* A small event is walked whole: all its matches, complete, whatever
   * found them (names, e-mail words, an e-mail or a barcode typed). */
  for (guint t = 0; t < G_N_ELEMENTS (texts) + 3; t++)
    {
      const char *more[] = { "p3757@ex", "BC00007", "bc00007" };
      const guint n_more[] = { 1, 1, 0 }; /* a barcode's case counts */
      const char *text = t < G_N_ELEMENTS (texts) ? texts[t] : more[t - G_N_ELEMENTS (texts)];
      gboolean    complete = FALSE;
      g_autoptr (GArray) head =
        guichet_store_list_participant_rowids_head (fixture->store, "acc", "other", text,
                                                    GUICHET_PARTICIPANT_SORT_NAME, FALSE, 60,
                                                    &complete, NULL, &error);
      g_autoptr (GArray) all =
        guichet_store_list_participant_rowids (fixture->store, "acc", "other", text,
                                               GUICHET_PARTICIPANT_SORT_NAME, FALSE, &error);

      g_assert_no_error (error);
      g_assert_nonnull (head);
      g_assert_true (complete);
      g_assert_cmpmem (head->data, head->len * sizeof (gint64), all->data,
                       all->len * sizeof (gint64));
      if (t >= G_N_ELEMENTS (texts))
        g_assert_cmpuint (all->len, ==, n_more[t - G_N_ELEMENTS (texts)]);
    }
}

typedef struct
{
  guint    n_signals;
  gboolean partial_first; /* the list said partial when the first came */
  guint    first_added;
  guint    last_position;
  guint    last_removed;
  guint    last_added;
} HeadChanges;

static void
on_head_changed (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 gpointer    user_data)
{
  HeadChanges *changes = user_data;

  if (changes->n_signals++ == 0)
    {
      changes->partial_first =
        guichet_participant_list_get_partial (GUICHET_PARTICIPANT_LIST (model));
      changes->first_added = added;
    }
  changes->last_position = position;
  changes->last_removed = removed;
  changes->last_added = added;
}

/* A search matching the whole event shows its first rows while the rest
 * load (the list says so, for "Counting…"), then adds the rest after them
 * without replacing them. */
static void
test_search_head (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr (GuichetParticipantList) list = NULL;
  g_autoptr (GArray) all = NULL;
  g_autoptr (GError) error = NULL;
  HeadChanges changes = { 0 };
  GListModel *model;

  list = guichet_participant_list_new (fixture->store, "acc", "ev");
  model = G_LIST_MODEL (list);
  wait_loaded (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_head_changed), &changes);

  guichet_participant_list_set_search (list, "example");
  wait_loaded (list);
  g_assert_false (guichet_participant_list_get_partial (list));

  g_assert_cmpuint (changes.n_signals, ==, 2);
  g_assert_true (changes.partial_first);
  g_assert_cmpuint (changes.first_added, ==, 60);
  g_assert_cmpuint (changes.last_position, ==, 60);
  g_assert_cmpuint (changes.last_removed, ==, 0);
  g_assert_cmpuint (changes.last_added, ==, N_ROWS - 60);
  g_assert_cmpint (guichet_participant_list_get_n_total (list), ==, N_ROWS);

  all = guichet_store_list_participant_rowids (fixture->store, "acc", "ev", "example",
                                               GUICHET_PARTICIPANT_SORT_NAME, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, all->len);
  assert_item (model, 0, "Last0000");
  assert_item (model, 59, "Last0059");
  assert_item (model, 60, "Last0060");
  assert_item (model, N_ROWS - 1, "Last4999");

  /* A selective text: one change, straight to its rows. */
  changes.n_signals = 0;
  guichet_participant_list_set_search (list, "last0042");
  wait_loaded (list);
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_false (changes.partial_first);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  assert_item (model, 0, "Last0042");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/participant-list/load", Fixture, NULL, fixture_set_up, test_load,
              fixture_tear_down);
  g_test_add ("/participant-list/search", Fixture, NULL, fixture_set_up, test_search,
              fixture_tear_down);
  g_test_add ("/participant-list/reload", Fixture, NULL, fixture_set_up, test_reload,
              fixture_tear_down);
  g_test_add ("/participant-list/journal-refresh", Fixture, NULL, fixture_set_up,
              test_journal_refresh, fixture_tear_down);
  g_test_add ("/participant-list/empty", Fixture, NULL, fixture_set_up, test_empty,
              fixture_tear_down);
  g_test_add ("/participant-list/sort", Fixture, NULL, fixture_set_up, test_sort,
              fixture_tear_down);
  g_test_add ("/participant-list/sort-lazy", Fixture, NULL, fixture_set_up, test_sort_lazy,
              fixture_tear_down);
  g_test_add ("/participant-list/filter", Fixture, NULL, fixture_set_up, test_filter,
              fixture_tear_down);
  g_test_add ("/participant-list/total", Fixture, NULL, fixture_set_up, test_total,
              fixture_tear_down);
  g_test_add ("/participant-list/search-sort-filter", Fixture, NULL, fixture_set_up,
              test_search_sort_filter, fixture_tear_down);
  g_test_add ("/participant-list/search-after-change", Fixture, NULL, fixture_set_up,
              test_search_after_change, fixture_tear_down);
  g_test_add ("/participant-list/head", Fixture, NULL, fixture_set_up, test_head,
              fixture_tear_down);
  g_test_add ("/participant-list/search-head", Fixture, NULL, fixture_set_up, test_search_head,
              fixture_tear_down);

  return g_test_run ();
}
