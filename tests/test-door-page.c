/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-test-door-page"

#include "config.h"

#include <adwaita.h>

#include "guichet-door-page-private.h"
#include "guichet-participants-view.h"
#include "guichet-test-utils.h"

/* The door page widget alone in a window (under the wrapper's Xvfb): a
 * scan of a seated holder shows the seat and the answers marked
 * important, the "sound" switch decides which sound plays, and the
 * counter follows another desk's admission on the same store; the last
 * scans list keeps the newest, each with its undo; and the
 * window stays still (no frame painted) while nothing changes. */

#define ACCOUNT "acc-page"
#define EVENT "ev-page"

static GuichetProvider *
no_provider (GuichetAccount    *account,
             GuichetHttpClient *http_client,
             GError           **error)
{
  g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_NOT_SUPPORTED,
                       "no provider in this test");
  return NULL;
}

/* The first label under @widget whose text holds @text. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkCheckButton *
find_check (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_CHECK_BUTTON (widget) &&
      g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), text) == 0)
    return GTK_CHECK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *found = find_check (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
wait_for_verdict (GuichetDoorPage *page,
                  guint            n)
{
  guint *count = g_object_get_data (G_OBJECT (page), "verdicts");

  while (*count < n)
    g_main_context_iteration (NULL, TRUE);
}

static void
count_verdict (GObject    *object,
               GParamSpec *pspec,
               guint      *count)
{
  (*count)++;
}

/* A store at @path holding @rows, participants of the event (the array
 * is freed). */
static GuichetStore *
store_holding (const char *path,
               GPtrArray  *rows)
{
  g_autoptr (GPtrArray) owned = rows;
  g_autoptr (GError) error = NULL;
  GuichetStore *store = guichet_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_true (guichet_store_write_participants (store, ACCOUNT, EVENT, rows, "c", 1, &error));
  g_assert_no_error (error);
  return store;
}

/* A door page on @store's event, alone in a window it returns in
 * @window; *@count counts its verdicts (see wait_for_verdict()). */
static GuichetDoorPage *
open_door_page_with (GuichetStore          *store,
                     GuichetProviderFactory factory,
                     guint                 *count,
                     GtkWidget            **window)
{
  g_autoptr (GuichetSession) session = guichet_session_new (store, NULL, factory);
  g_autoptr (GuichetEvent) event =
    g_object_new (GUICHET_TYPE_EVENT, "id", EVENT, "account-id", ACCOUNT, "name", "Show", NULL);
  GuichetDoorPage *page = GUICHET_DOOR_PAGE (guichet_door_page_new ());

  g_object_set_data (G_OBJECT (page), "verdicts", count);
  g_signal_connect (page, "notify::last-verdict", G_CALLBACK (count_verdict), count);
  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (*window));
  guichet_page_set_session (GUICHET_PAGE (page), session);
  guichet_page_set_event (GUICHET_PAGE (page), event);
  return page;
}

/* ... without a provider (offline). */
static GuichetDoorPage *
open_door_page (GuichetStore *store,
                guint        *count,
                GtkWidget   **window)
{
  return open_door_page_with (store, no_provider, count, window);
}

static void
test_door_page_verdict (void)
{
  const char * const important[] = { "Diet", NULL };
  g_autofree char   *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) page_rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  GuichetDoorPage *page;
  GtkWidget       *window;
  GtkCheckButton  *check;
  GtkLabel        *label;
  g_auto (GStrv) stored = NULL;
  guint count = 0;

  g_ptr_array_add (page_rows, g_object_new (GUICHET_TYPE_PARTICIPANT, "id", "p1", "event-id", EVENT,
                                            "barcode", "SEAT0001", "first-name", "Ada", "last-name",
                                            "Lovelace", "ticket-type-id", "t1", "ticket-type-name",
                                            "Stalls", "status", GUICHET_PARTICIPANT_STATUS_VALID,
                                            "seat", "Row C, seat 12", "answers",
                                            "[{\"label\": \"Diet\", \"value\": \"Vegan\"},"
                                            " {\"label\": \"Company\", \"value\": \"ACME\"}]",
                                            NULL));
  g_ptr_array_add (page_rows,
                   g_object_new (GUICHET_TYPE_PARTICIPANT, "id", "p2", "event-id", EVENT, "barcode",
                                 "VOID0001", "first-name", "Bob", "last-name", "Void",
                                 "ticket-type-id", "t1", "ticket-type-name", "Stalls", "status",
                                 GUICHET_PARTICIPANT_STATUS_VOIDED, NULL));
  g_ptr_array_add (page_rows,
                   g_object_new (GUICHET_TYPE_PARTICIPANT, "id", "p3", "event-id", EVENT, "barcode",
                                 "LATE0001", "first-name", "Cy", "last-name", "Late",
                                 "ticket-type-id", "t1", "ticket-type-name", "Stalls", "status",
                                 GUICHET_PARTICIPANT_STATUS_VALID, NULL));
  store = store_holding (path, g_steal_pointer (&page_rows));

  page = open_door_page (store, &count, &window);

  /* The event's questions are offered; marking one keeps it in the store. */
  while ((check = find_check (GTK_WIDGET (page), "Diet")) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (find_check (GTK_WIDGET (page), "Company"));
  g_assert_false (gtk_check_button_get_active (check));
  gtk_check_button_set_active (check, TRUE);
  do
    {
      g_clear_pointer (&stored, g_strfreev);
      g_main_context_iteration (NULL, FALSE);
      stored = guichet_store_get_important_questions (store, ACCOUNT, EVENT, &error);
      g_assert_no_error (error);
    }
  while (g_strv_length (stored) == 0);
  g_assert_true (g_strv_equal ((const char * const *) stored, important));

  /* Sounds on (the default): the admitted chime. */
  g_assert_null (guichet_door_page_get_last_sound (page));
  guichet_door_page_scan (page, "SEAT0001\r\n");
  wait_for_verdict (page, 1);
  g_assert_cmpstr (guichet_door_page_get_last_verdict (page), ==, "Admitted");
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Ada Lovelace"));
  label = find_label (GTK_WIDGET (page), "Seat: Row C, seat 12");
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_label (label), "Diet: Vegan"));
  /* Not marked important: not shown. */
  g_assert_null (strstr (gtk_label_get_label (label), "ACME"));
  g_assert_cmpstr (guichet_door_page_get_last_sound (page), ==,
                   "/io/github/guichet/Guichet/sounds/door-admitted.wav");

  guichet_door_page_scan (page, "SEAT0001");
  wait_for_verdict (page, 2);
  g_assert_cmpstr (guichet_door_page_get_last_sound (page), ==,
                   "/io/github/guichet/Guichet/sounds/door-already.wav");
  /* Already in: the seat is still shown. */
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Seat: Row C, seat 12"));

  guichet_door_page_scan (page, "VOID0001");
  wait_for_verdict (page, 3);
  g_assert_cmpstr (guichet_door_page_get_last_verdict (page), ==, "Refused");
  g_assert_cmpstr (guichet_door_page_get_last_sound (page), ==,
                   "/io/github/guichet/Guichet/sounds/door-refused.wav");
  g_assert_null (find_label (GTK_WIDGET (page), "Seat:"));

  /* Switched off: the verdict shows, no sound plays. */
  g_object_set (page, "sound", FALSE, NULL);
  guichet_door_page_scan (page, "NOSUCHCODE");
  wait_for_verdict (page, 4);
  g_assert_cmpstr (guichet_door_page_get_last_verdict (page), ==, "Unknown Ticket");
  g_assert_null (guichet_door_page_get_last_sound (page));
  g_object_set (page, "sound", TRUE, NULL);
  guichet_door_page_scan (page, "NOSUCHCODE");
  wait_for_verdict (page, 5);
  g_assert_cmpstr (guichet_door_page_get_last_sound (page), ==,
                   "/io/github/guichet/Guichet/sounds/door-refused.wav");

  /* Another desk on the same store (its own connection) admits someone:
   * the counter follows without a scan here. */
  while ((label = find_label (GTK_WIDGET (page), "1 of ")) == NULL)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr (GuichetStore) other = guichet_store_new (path, &error);
    g_autoptr (GuichetDoor) door = NULL;
    g_autoptr (GuichetCheckIn) entry = NULL;

    g_assert_no_error (error);
    door = guichet_door_new (other, ACCOUNT, EVENT);
    entry = guichet_door_scan (door, "LATE0001", GUICHET_DIRECTION_IN, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (guichet_check_in_get_verdict (entry), ==, GUICHET_VERDICT_ADMITTED);
  }
  while (strstr (gtk_label_get_label (label), "2 of ") == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* The bundled sounds are there. */
  g_assert_true (g_resources_get_info ("/io/github/guichet/Guichet/sounds/door-admitted.wav", 0,
                                       NULL, NULL, NULL));
  g_assert_true (g_resources_get_info ("/io/github/guichet/Guichet/sounds/door-already.wav", 0,
                                       NULL, NULL, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The page's minimum height, for its current width. */
static int
min_height (GuichetDoorPage *page)
{
  int min = 0;

  gtk_widget_measure (GTK_WIDGET (page), GTK_ORIENTATION_VERTICAL,
                      gtk_widget_get_width (GTK_WIDGET (page)), &min, NULL, NULL, NULL);
  return min;
}

/* However many lines a verdict says (a long name, a reason, a ticket
 * type and a seat), it asks the window for no more room: a window that
 * grows is repainted whole (the first such verdict of a session took
 * three frames) and moves under the desk's eyes. */
static void
test_door_page_still_size (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) page_rows = g_ptr_array_new_with_free_func (g_object_unref);
  GuichetDoorPage *page;
  GtkWidget       *window;
  guint            count = 0;
  int              before;

  g_ptr_array_add (page_rows,
                   g_object_new (GUICHET_TYPE_PARTICIPANT, "id", "p1", "event-id", EVENT, "barcode",
                                 "SHORT001", "first-name", "Al", "last-name", "Bo", "status",
                                 GUICHET_PARTICIPANT_STATUS_VALID, NULL));
  g_ptr_array_add (
    page_rows,
    g_object_new (GUICHET_TYPE_PARTICIPANT, "id", "p2", "event-id", EVENT, "barcode", "LONG0001",
                  "first-name", "Maximiliane Anastasia Theodora Valentina Konstanze", "last-name",
                  "von Hohenzollern-Sigmaringen und Schwarzenberg-Liechtenstein", "ticket-type-id",
                  "t1", "ticket-type-name",
                  "Weekend pass with backstage access, the after-show party and a parking space",
                  "seat", "Balcony, left side, row W, seat 112, behind the sound desk", "status",
                  GUICHET_PARTICIPANT_STATUS_REFUNDED, NULL));
  store = store_holding (path, g_steal_pointer (&page_rows));

  page = open_door_page (store, &count, &window);
  while (gtk_widget_get_width (GTK_WIDGET (page)) == 0)
    g_main_context_iteration (NULL, TRUE);

  guichet_door_page_scan (page, "SHORT001");
  wait_for_verdict (page, 1);
  g_assert_cmpstr (guichet_door_page_get_last_verdict (page), ==, "Admitted");
  before = min_height (page);

  guichet_door_page_scan (page, "LONG0001");
  wait_for_verdict (page, 2);
  g_assert_cmpstr (guichet_door_page_get_last_verdict (page), ==, "Refused");
  g_assert_nonnull (find_label (GTK_WIDGET (page), "behind the sound desk"));
  g_assert_cmpint (min_height (page), ==, before);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
count_paint (GdkFrameClock *clock,
             guint         *count)
{
  (*count)++;
}

/* Runs the main loop for @ms milliseconds. */
static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2 * G_TIME_SPAN_MILLISECOND);
    }
}

/* The row of the last scans list at @index (top first), or NULL. */
static GtkWidget *
scan_row (GtkWidget *list,
          guint      index)
{
  GtkWidget *row = gtk_widget_get_first_child (list);

  for (guint i = 0; row != NULL && i < index; i++)
    row = gtk_widget_get_next_sibling (row);
  return row;
}

static GtkButton *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return GTK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The last scans: the newest on top, ten kept, each admission with its
 * own undo, which annuls that scan's admission (not the row's first
 * one), and the row says so as it moves down. */
static void
test_door_page_last_scans (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GuichetDoorPage *page;
  GtkWidget       *window;
  GtkWidget       *list;
  GtkWidget       *top;
  GtkButton       *button;
  GdkFrameClock   *clock;
  gulong           handler;
  guint            count = 0;
  guint            n_rows = 0;
  guint            paints = 0;

  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%02u", i);
      g_autofree char *code = g_strdup_printf ("CODE%02u", i);
      g_autofree char *last = g_strdup_printf ("N%02u", i);

      g_ptr_array_add (rows, g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "event-id", EVENT,
                                           "barcode", code, "first-name", "Holder", "last-name",
                                           last, "ticket-type-id", "t1", "status",
                                           GUICHET_PARTICIPANT_STATUS_VALID, NULL));
    }
  g_ptr_array_add (rows, g_object_new (GUICHET_TYPE_PARTICIPANT, "id", "v", "event-id", EVENT,
                                       "barcode", "VOID0001", "first-name", "Bob", "last-name",
                                       "Void", "ticket-type-id", "t1", "status",
                                       GUICHET_PARTICIPANT_STATUS_VOIDED, NULL));
  store = store_holding (path, g_steal_pointer (&rows));
  page = open_door_page (store, &count, &window);

  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *code = g_strdup_printf ("CODE%02u", i);

      guichet_door_page_scan (page, code);
      wait_for_verdict (page, i);
      g_assert_cmpstr (guichet_door_page_get_last_verdict (page), ==, "Admitted");
    }
  list =
    gtk_widget_get_ancestor (GTK_WIDGET (find_label (GTK_WIDGET (page), "Admitted · Holder N12")),
                             GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n_rows += gtk_widget_get_visible (row);
  g_assert_cmpuint (n_rows, ==, 10);
  g_assert_nonnull (find_label (scan_row (list, 0), "Holder N12"));
  g_assert_nonnull (find_label (scan_row (list, 9), "Holder N03"));
  g_assert_null (find_label (list, "Holder N02"));

  /* A refusal: nothing to undo on its row. The rows move down as they
   * are (the top row is now the second one, not written again), and the
   * page settles at once: no transition animates their corners or
   * buttons frame after frame, each frame one the next verdict would
   * wait behind. */
  run_for (500);
  top = scan_row (list, 0);
  clock = gtk_widget_get_frame_clock (window);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint), &paints);
  guichet_door_page_scan (page, "VOID0001");
  wait_for_verdict (page, 13);
  run_for (500);
  g_signal_handler_disconnect (clock, handler);
  g_test_message ("%u frames after a scan", paints);
  g_assert_true (scan_row (list, 1) == top);
  g_assert_nonnull (find_label (top, "Holder N12"));
  g_assert_cmpuint (paints, <=, 3);
  g_assert_cmpstr (guichet_door_page_get_last_verdict (page), ==, "Refused");
  g_assert_nonnull (find_label (scan_row (list, 0), "Bob Void"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_button (scan_row (list, 0)))));
  g_assert_nonnull (find_label (scan_row (list, 2), "Holder N11"));

  /* Undo on N11's row annuls N11's admission. */
  button = find_button (scan_row (list, 2));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
  while (g_strcmp0 (gtk_button_get_label (button), "Undone") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (button)));

  guichet_door_page_scan (page, "CODE11");
  wait_for_verdict (page, 14);
  g_assert_cmpstr (guichet_door_page_get_last_verdict (page), ==, "Admitted");
  guichet_door_page_scan (page, "CODE12");
  wait_for_verdict (page, 15);
  g_assert_cmpstr (guichet_door_page_get_last_verdict (page), ==, "Already Checked In");

  /* The undone scan moved down two rows, still undone; the new one's
   * undo is its own. */
  g_assert_nonnull (find_label (scan_row (list, 4), "Holder N11"));
  button = find_button (scan_row (list, 4));
  g_assert_cmpstr (gtk_button_get_label (button), ==, "Undone");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_button (scan_row (list, 0)))));
  g_assert_nonnull (find_label (scan_row (list, 1), "Holder N11"));
  button = find_button (scan_row (list, 1));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_assert_cmpstr (gtk_button_get_label (button), ==, "_Undo");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* An idle door repaints nothing: its search field has focus (a blinking
 * cursor fades with a frame every 16 ms in GTK 4.8, restarted by every
 * scan), and a page hidden beside it holds a loading spinner (a spinning
 * GtkSpinner animates even unmapped). Either would make each verdict wait
 * behind a frame already on its way. */
static void
test_door_page_steady (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GuichetSession) session = NULL;
  g_autoptr (GuichetEvent) event = NULL;
  g_autoptr (GError) error = NULL;
  GuichetDoorPage *page;
  GtkWidget       *window;
  GtkWidget       *stack;
  GdkFrameClock   *clock;
  guint            paints = 0;
  guint            count = 0;
  gulong           handler;

  store = guichet_store_new (path, &error);
  g_assert_no_error (error);
  session = guichet_session_new (store, NULL, no_provider);
  event =
    g_object_new (GUICHET_TYPE_EVENT, "id", EVENT, "account-id", ACCOUNT, "name", "Show", NULL);

  page = GUICHET_DOOR_PAGE (guichet_door_page_new ());
  g_signal_connect (page, "notify::last-verdict", G_CALLBACK (count_verdict), &count);
  stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (stack), GTK_WIDGET (page), "door");
  gtk_stack_add_named (GTK_STACK (stack), g_object_new (GUICHET_TYPE_PARTICIPANTS_VIEW, NULL),
                       "participants");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "door");
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), stack);
  gtk_window_present (GTK_WINDOW (window));
  guichet_page_set_session (GUICHET_PAGE (page), session);
  guichet_page_set_event (GUICHET_PAGE (page), event);

  while (!gtk_widget_get_mapped (GTK_WIDGET (page)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (window)));
  g_assert_true (GTK_IS_EDITABLE (gtk_root_get_focus (GTK_ROOT (window))));

  /* A scan, as a desk's would come, then the page settles. */
  guichet_door_page_scan (page, "NOSUCHCODE");
  while (count < 1)
    g_main_context_iteration (NULL, TRUE);
  run_for (1500);

  clock = gtk_widget_get_frame_clock (window);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint), &paints);
  run_for (1000);
  g_signal_handler_disconnect (clock, handler);
  /* At the display's rate it would be about 60. */
  g_assert_cmpuint (paints, <=, 3);

  /* The door hands the blink setting back when it goes. */
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "participants");
  {
    gboolean blink = FALSE;

    g_object_get (gtk_widget_get_settings (window), "gtk-cursor-blink", &blink, NULL);
    g_assert_true (blink);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Once the page has loaded the verdicts' icons, a verdict shows the very
 * icon it loaded (whose file was read then), not one looked up again by
 * its name, which the first frame of each kind of verdict read and
 * rendered anew. */
static void
test_door_page_verdict_icons (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GError) error = NULL;
  GuichetDoorPage *page;
  GtkWidget       *window;
  gpointer         loaded;
  guint            count = 0;

  store = guichet_store_new (path, &error);
  g_assert_no_error (error);
  page = open_door_page (store, &count, &window);

  while (!gtk_widget_get_mapped (GTK_WIDGET (page)) || page->preload_id != 0)
    g_main_context_iteration (NULL, TRUE);
  loaded = g_hash_table_lookup (page->icons, "dialog-question-symbolic");
  g_assert_true (GTK_IS_ICON_PAINTABLE (loaded));

  for (guint i = 1; i <= 2; i++)
    {
      guichet_door_page_scan (page, "NOSUCHCODE");
      wait_for_verdict (page, i);
      g_assert_cmpstr (page->last_verdict, ==, "Unknown Ticket");
      g_assert_cmpint (gtk_image_get_storage_type (page->verdict_icon), ==, GTK_IMAGE_PAINTABLE);
      g_assert_true (gtk_image_get_paintable (page->verdict_icon) == loaded);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A platform that checks in remotely, answering at once, and notes
 * whether the verdict of the code it was sent had been painted. */
#define TEST_TYPE_PUSH_PROVIDER (test_push_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestPushProvider, test_push_provider, TEST, PUSH_PROVIDER, GuichetProvider)

struct _TestPushProvider
{
  GuichetProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (TestPushProvider, test_push_provider, GUICHET_TYPE_PROVIDER)

static gboolean   verdict_set;     /* since the last scan */
static gboolean   verdict_painted; /* ... and a frame ended since */
static GPtrArray *pushed;          /* "CODE painted|unpainted" */

static void
test_push_provider_check_in_async (GuichetProvider    *provider,
                                   GuichetCheckIn     *check_in,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_ptr_array_add (pushed, g_strdup_printf ("%s %s", guichet_check_in_get_code (check_in),
                                            verdict_painted ? "painted" : "unpainted"));
  g_task_return_boolean (task, TRUE);
}

static gboolean
test_push_provider_check_in_finish (GuichetProvider *provider,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_push_provider_class_init (TestPushProviderClass *klass)
{
  GuichetProviderClass *provider_class = GUICHET_PROVIDER_CLASS (klass);

  provider_class->kind = "test-push";
  provider_class->display_name = "Test";
  provider_class->default_base_url = "http://127.0.0.1:1";
  provider_class->capabilities = GUICHET_PROVIDER_CAN_REMOTE_CHECK_IN;
  provider_class->check_in_async = test_push_provider_check_in_async;
  provider_class->check_in_finish = test_push_provider_check_in_finish;
}

static void
test_push_provider_init (TestPushProvider *self)
{
}

static GuichetProvider *
push_provider (GuichetAccount    *account,
               GuichetHttpClient *http_client,
               GError           **error)
{
  return g_object_new (TEST_TYPE_PUSH_PROVIDER, "account", account, NULL);
}

static void
on_verdict_set (GObject    *object,
                GParamSpec *pspec,
                gpointer    user_data)
{
  verdict_set = TRUE;
  verdict_painted = FALSE;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (verdict_set)
    verdict_painted = TRUE;
}

/* A door page on a store of @n_codes valid tickets PUSH0001... of an
 * account whose platform is the test's push provider, once the page has
 * that provider (until then an admission is journaled "local", with
 * nothing to push). */
static GuichetDoorPage *
open_push_page (const char    *path,
                guint          n_codes,
                GuichetStore **store,
                guint         *count,
                GtkWidget    **window)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GuichetAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  GuichetDoorPage *page;

  pushed = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 1; i <= n_codes; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i);
      g_autofree char *code = g_strdup_printf ("PUSH%04u", i);

      g_ptr_array_add (rows, g_object_new (GUICHET_TYPE_PARTICIPANT, "id", id, "event-id", EVENT,
                                           "barcode", code, "first-name", "Al", "last-name", "Bo",
                                           "status", GUICHET_PARTICIPANT_STATUS_VALID, NULL));
    }
  *store = store_holding (path, g_steal_pointer (&rows));
  account = g_object_new (GUICHET_TYPE_ACCOUNT, "id", ACCOUNT, "provider", "test-push", "name",
                          "Push", NULL);
  g_assert_true (guichet_store_save_account (*store, account, &error));
  g_assert_no_error (error);

  page = open_door_page_with (*store, push_provider, count, window);
  while (gtk_widget_get_frame_clock (*window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  return page;
}

/* An admission goes to the platform, but only once its verdict is
 * painted: started before, the push's first steps ran on the main
 * thread ahead of the frame and held the verdict back. */
static void
test_door_page_push_after_verdict (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) journal = NULL;
  g_autoptr (GError) error = NULL;
  GuichetDoorPage *page;
  GtkWidget       *window;
  guint            count = 0;

  page = open_push_page (path, 2, &store, &count, &window);
  g_signal_connect (page, "notify::last-verdict", G_CALLBACK (on_verdict_set), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint),
                    NULL);

  for (guint n = 1; n <= 2; n++)
    {
      g_autofree char *code = g_strdup_printf ("PUSH000%u", n);

      guichet_door_page_scan (page, code);
      wait_for_verdict (page, n);
      g_assert_cmpstr (guichet_door_page_get_last_verdict (page), ==, "Admitted");
      while (pushed->len < n)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpstr (g_ptr_array_index (pushed, 0), ==, "PUSH0001 painted");
  g_assert_cmpstr (g_ptr_array_index (pushed, 1), ==, "PUSH0002 painted");

  /* The journal has both as sent. */
  for (;;)
    {
      guint sent = 0;

      journal = guichet_store_list_check_ins (store, ACCOUNT, EVENT, 0, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < journal->len; i++)
        sent += guichet_check_in_get_remote (g_ptr_array_index (journal, i)) == GUICHET_REMOTE_SENT;
      g_assert_cmpuint (journal->len, ==, 2);
      if (sent == 2)
        break;
      g_clear_pointer (&journal, g_ptr_array_unref);
      g_main_context_iteration (NULL, TRUE);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_pointer (&pushed, g_ptr_array_unref);
}

static gboolean
switch_event (gpointer user_data)
{
  g_autoptr (GuichetEvent) other = g_object_new (GUICHET_TYPE_EVENT, "id", "ev-other", "account-id",
                                                 "acc-other", "name", "Other", NULL);

  guichet_page_set_event (GUICHET_PAGE (user_data), other);
  return G_SOURCE_REMOVE;
}

/* Once the verdict is set, ahead of its frame (a higher priority). */
static void
switch_event_soon (GuichetDoorPage *page)
{
  g_signal_handlers_disconnect_by_func (page, switch_event_soon, NULL);
  g_idle_add_full (G_PRIORITY_HIGH, switch_event, page, NULL);
}

static gboolean
set_done (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The desk moves to another event (another account) between a verdict
 * and its frame: the admission is not pushed through the new event's
 * platform, nor lost; it stays pending in the journal for the next
 * flush. */
static void
test_door_page_push_event_changed (void)
{
  g_autofree char *path = guichet_test_new_db_path ();
  g_autoptr (GuichetStore) store = NULL;
  g_autoptr (GPtrArray) pending = NULL;
  g_autoptr (GError) error = NULL;
  GuichetDoorPage *page;
  GtkWidget       *window;
  guint            count = 0;
  gboolean         waited = FALSE;

  page = open_push_page (path, 1, &store, &count, &window);

  /* Right as the verdict is set, before its frame. */
  g_signal_connect (page, "notify::last-verdict", G_CALLBACK (switch_event_soon), NULL);
  guichet_door_page_scan (page, "PUSH0001");
  wait_for_verdict (page, 1);
  g_assert_cmpstr (guichet_door_page_get_last_verdict (page), ==, "Admitted");
  /* Past the frame, and past the wait for one. */
  g_timeout_add (AFTER_VERDICT_WAIT_MS + 200, set_done, &waited);
  guichet_test_wait_until (&waited);

  g_assert_cmpuint (pushed->len, ==, 0);
  pending = guichet_store_list_pending_check_ins (store, ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (guichet_check_in_get_code (g_ptr_array_index (pending, 0)), ==, "PUSH0001");

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_pointer (&pushed, g_ptr_array_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkCssProvider) css = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The application's style sheet, which AdwApplication loads */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/guichet/Guichet/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/door-page/verdict", test_door_page_verdict);
  g_test_add_func ("/door-page/last-scans", test_door_page_last_scans);
  g_test_add_func ("/door-page/steady", test_door_page_steady);
  g_test_add_func ("/door-page/verdict-icons", test_door_page_verdict_icons);
  g_test_add_func ("/door-page/still-size", test_door_page_still_size);
  g_test_add_func ("/door-page/push-after-verdict", test_door_page_push_after_verdict);
  g_test_add_func ("/door-page/push-event-changed", test_door_page_push_event_changed);

  return g_test_run ();
}
