/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "guichet-test-serial-scanner"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "guichet-test-utils.h"

/* A serial (CDC-ACM) scanner, played by a pseudo-terminal: the test writes
 * on the master side what a scanner would send, the scanner object reads
 * the slave side as it would read /dev/ttyACM0. */

typedef struct
{
  int   master;
  char *slave_path;
} Pty;

static Pty
pty_open (void)
{
  Pty pty;

  pty.master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (pty.master, >=, 0);
  g_assert_cmpint (grantpt (pty.master), ==, 0);
  g_assert_cmpint (unlockpt (pty.master), ==, 0);
  pty.slave_path = g_strdup (ptsname (pty.master));
  g_assert_nonnull (pty.slave_path);
  return pty;
}

static void
pty_close (Pty *pty)
{
  if (pty->master >= 0)
    close (pty->master);
  pty->master = -1;
  g_clear_pointer (&pty->slave_path, g_free);
}

static void
pty_write (Pty        *pty,
           const char *bytes)
{
  gsize len = strlen (bytes);

  g_assert_cmpint (write (pty->master, bytes, len), ==, (gssize) len);
}

static void
on_scan (GuichetSerialScanner *scanner,
         const char           *code,
         GPtrArray            *scans)
{
  g_ptr_array_add (scans, g_strdup (code));
}

static void
wait_scans (GPtrArray *scans,
            guint      n)
{
  while (scans->len < n)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_connected (GuichetSerialScanner *scanner,
                gboolean              connected)
{
  while (guichet_serial_scanner_get_connected (scanner) != connected)
    g_main_context_iteration (NULL, TRUE);
}

/* Lines end with CR, LF or CR LF, and arrive in pieces; no empty scans,
 * and nothing is echoed back to the device (raw mode). */
static void
test_lines (void)
{
  Pty pty = pty_open ();
  g_autoptr (GuichetSerialScanner) scanner = guichet_serial_scanner_new (pty.slave_path);
  g_autoptr (GPtrArray) scans = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  char echo[64];
  int  flags;

  g_signal_connect (scanner, "scan", G_CALLBACK (on_scan), scans);
  g_assert_true (guichet_serial_scanner_start (scanner, &error));
  g_assert_no_error (error);
  g_assert_true (guichet_serial_scanner_get_connected (scanner));

  pty_write (&pty, "ABC");
  pty_write (&pty, "-123\r");
  pty_write (&pty, "\nXYZ 9/é\n");
  pty_write (&pty, "\r\nLAST\r");
  wait_scans (scans, 3);
  g_assert_cmpuint (scans->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (scans, 0), ==, "ABC-123");
  g_assert_cmpstr (g_ptr_array_index (scans, 1), ==, "XYZ 9/é");
  g_assert_cmpstr (g_ptr_array_index (scans, 2), ==, "LAST");

  flags = fcntl (pty.master, F_GETFL);
  fcntl (pty.master, F_SETFL, flags | O_NONBLOCK);
  g_assert_cmpint (read (pty.master, echo, sizeof echo), ==, -1);
  g_assert_cmpint (errno, ==, EAGAIN);

  g_object_unref (g_steal_pointer (&scanner));
  pty_close (&pty);
}

/* A line too long to be a code is dropped whole; the next one comes. */
static void
test_overlong_line (void)
{
  Pty pty = pty_open ();
  g_autoptr (GuichetSerialScanner) scanner = guichet_serial_scanner_new (pty.slave_path);
  g_autoptr (GPtrArray) scans = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *garbage = g_strnfill (GUICHET_SERIAL_SCANNER_MAX_LINE + 100, 'x');

  g_signal_connect (scanner, "scan", G_CALLBACK (on_scan), scans);
  g_assert_true (guichet_serial_scanner_start (scanner, NULL));
  for (gsize offset = 0; offset < strlen (garbage); offset += 500)
    {
      g_autofree char *piece = g_strndup (garbage + offset, 500);

      pty_write (&pty, piece);
      g_main_context_iteration (NULL, FALSE);
    }
  pty_write (&pty, "\nOK-1\n");
  wait_scans (scans, 1);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (scans, 0), ==, "OK-1");

  g_object_unref (g_steal_pointer (&scanner));
  pty_close (&pty);
}

/* Unplugged and plugged again (a /dev/serial/by-id link that points to a
 * new device), and a scanner absent at start: read once it comes. */
static void
test_reconnect (void)
{
  g_autofree char *dir = g_dir_make_tmp ("guichet-serial-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "usb-Scanner-if00", NULL);
  g_autoptr (GuichetSerialScanner) scanner = guichet_serial_scanner_new (link);
  g_autoptr (GPtrArray) scans = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  Pty first, second;

  g_signal_connect (scanner, "scan", G_CALLBACK (on_scan), scans);
  guichet_serial_scanner_set_retry_interval (scanner, 50);

  /* Not plugged in yet. */
  g_assert_false (guichet_serial_scanner_start (scanner, &error));
  g_assert_error (error, GUICHET_ERROR, GUICHET_ERROR_FAILED);
  g_assert_false (guichet_serial_scanner_get_connected (scanner));

  first = pty_open ();
  g_assert_cmpint (symlink (first.slave_path, link), ==, 0);
  wait_connected (scanner, TRUE);
  pty_write (&first, "FIRST-1\r\n");
  wait_scans (scans, 1);
  g_assert_cmpstr (g_ptr_array_index (scans, 0), ==, "FIRST-1");

  /* Unplugged: the device side closes. */
  g_assert_cmpint (g_unlink (link), ==, 0);
  pty_close (&first);
  wait_connected (scanner, FALSE);

  second = pty_open ();
  g_assert_cmpint (symlink (second.slave_path, link), ==, 0);
  wait_connected (scanner, TRUE);
  pty_write (&second, "SECOND-2\r");
  wait_scans (scans, 2);
  g_assert_cmpstr (g_ptr_array_index (scans, 1), ==, "SECOND-2");

  guichet_serial_scanner_stop (scanner);
  g_assert_false (guichet_serial_scanner_get_connected (scanner));
  g_assert_finalize_object (g_steal_pointer (&scanner));
  pty_close (&second);
  g_unlink (link);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/serial-scanner/lines", test_lines);
  g_test_add_func ("/serial-scanner/overlong-line", test_overlong_line);
  g_test_add_func ("/serial-scanner/reconnect", test_reconnect);

  return g_test_run ();
}
