/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-serial-scanner"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "guichet-error.h"
#include "guichet-serial-scanner.h"

struct _GuichetSerialScanner
{
  GObject parent_instance;

  char    *path;
  int      fd;
  guint    watch_id;
  guint    retry_id;
  guint    retry_ms;
  GString *line;
  gboolean running;
  gboolean overlong; /* the line being read is too long: drop it */
};

G_DEFINE_FINAL_TYPE (GuichetSerialScanner, guichet_serial_scanner, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum
{
  SIGNAL_SCAN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static gboolean try_open (GuichetSerialScanner *self,
                          GError              **error);

static void
close_device (GuichetSerialScanner *self)
{
  gboolean was_connected = self->fd >= 0;

  g_clear_handle_id (&self->watch_id, g_source_remove);
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  g_string_truncate (self->line, 0);
  self->overlong = FALSE;
  if (was_connected)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static gboolean
retry_cb (gpointer user_data)
{
  GuichetSerialScanner *self = user_data;

  if (try_open (self, NULL))
    {
      self->retry_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
schedule_retry (GuichetSerialScanner *self)
{
  if (self->running && self->retry_id == 0)
    self->retry_id = g_timeout_add (self->retry_ms, retry_cb, self);
}

/* Lines end with CR, LF or both; a read can stop in the middle of one. */
static void
take_bytes (GuichetSerialScanner *self,
            const char           *buf,
            gssize                n)
{
  for (gssize i = 0; i < n; i++)
    {
      char c = buf[i];

      if (c == '\r' || c == '\n')
        {
          if (!self->overlong && self->line->len > 0)
            {
              g_autofree char *code = g_strndup (self->line->str, self->line->len);

              g_signal_emit (self, signals[SIGNAL_SCAN], 0, code);
            }
          g_string_truncate (self->line, 0);
          self->overlong = FALSE;
          continue;
        }
      if (self->line->len >= GUICHET_SERIAL_SCANNER_MAX_LINE)
        {
          self->overlong = TRUE;
          g_string_truncate (self->line, 0);
        }
      if (!self->overlong)
        g_string_append_c (self->line, c);
    }
}

static gboolean
readable_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  GuichetSerialScanner *self = user_data;
  char                  buf[512];

  for (;;)
    {
      gssize n = read (fd, buf, sizeof buf);

      if (n > 0)
        {
          g_object_ref (self);
          take_bytes (self, buf, n);
          /* A "scan" handler may have stopped us. */
          if (self->fd != fd)
            {
              g_object_unref (self);
              return G_SOURCE_REMOVE;
            }
          g_object_unref (self);
          continue;
        }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break;
      if (n < 0 && errno == EINTR)
        continue;

      /* End of stream (the other end closed) or an error (EIO: unplugged). */
      g_debug ("%s went away: %s", self->path, n == 0 ? "end of stream" : g_strerror (errno));
      self->watch_id = 0;
      close_device (self);
      schedule_retry (self);
      return G_SOURCE_REMOVE;
    }

  if (condition & (G_IO_HUP | G_IO_ERR))
    {
      g_debug ("%s hung up", self->path);
      self->watch_id = 0;
      close_device (self);
      schedule_retry (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
try_open (GuichetSerialScanner *self,
          GError              **error)
{
  struct termios tio;
  int            saved_errno;
  int            fd;

  fd = open (self->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_FAILED,
                   /* Translators: %s is a device such as /dev/ttyACM0, then the system's reason */
                   _("Cannot open the scanner %s: %s"), self->path, g_strerror (saved_errno));
      return FALSE;
    }

  /* Raw: no echo back to the device, no line editing, CR kept as is. */
  if (isatty (fd) && tcgetattr (fd, &tio) == 0)
    {
      cfmakeraw (&tio);
      tio.c_cflag |= CLOCAL | CREAD;
      tio.c_cc[VMIN] = 1;
      tio.c_cc[VTIME] = 0;
      if (tcsetattr (fd, TCSANOW, &tio) != 0)
        g_debug ("Cannot set %s to raw mode: %s", self->path, g_strerror (errno));
    }

  self->fd = fd;
  self->watch_id = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP | G_IO_ERR, readable_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  return TRUE;
}

static void
guichet_serial_scanner_dispose (GObject *object)
{
  guichet_serial_scanner_stop (GUICHET_SERIAL_SCANNER (object));

  G_OBJECT_CLASS (guichet_serial_scanner_parent_class)->dispose (object);
}

static void
guichet_serial_scanner_finalize (GObject *object)
{
  GuichetSerialScanner *self = GUICHET_SERIAL_SCANNER (object);

  g_free (self->path);
  g_string_free (self->line, TRUE);

  G_OBJECT_CLASS (guichet_serial_scanner_parent_class)->finalize (object);
}

static void
guichet_serial_scanner_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  GuichetSerialScanner *self = GUICHET_SERIAL_SCANNER (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, guichet_serial_scanner_get_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_serial_scanner_class_init (GuichetSerialScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = guichet_serial_scanner_dispose;
  object_class->finalize = guichet_serial_scanner_finalize;
  object_class->get_property = guichet_serial_scanner_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SCAN] = g_signal_new ("scan", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
guichet_serial_scanner_init (GuichetSerialScanner *self)
{
  self->fd = -1;
  self->retry_ms = GUICHET_SERIAL_SCANNER_RETRY_MS;
  self->line = g_string_new (NULL);
}

GuichetSerialScanner *
guichet_serial_scanner_new (const char *path)
{
  GuichetSerialScanner *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (GUICHET_TYPE_SERIAL_SCANNER, NULL);
  self->path = g_strdup (path);
  return self;
}

const char *
guichet_serial_scanner_get_path (GuichetSerialScanner *self)
{
  g_return_val_if_fail (GUICHET_IS_SERIAL_SCANNER (self), NULL);
  return self->path;
}

gboolean
guichet_serial_scanner_get_connected (GuichetSerialScanner *self)
{
  g_return_val_if_fail (GUICHET_IS_SERIAL_SCANNER (self), FALSE);
  return self->fd >= 0;
}

void
guichet_serial_scanner_set_retry_interval (GuichetSerialScanner *self,
                                           guint                 retry_ms)
{
  g_return_if_fail (GUICHET_IS_SERIAL_SCANNER (self));
  self->retry_ms = MAX (retry_ms, 10);
}

gboolean
guichet_serial_scanner_start (GuichetSerialScanner *self,
                              GError              **error)
{
  g_return_val_if_fail (GUICHET_IS_SERIAL_SCANNER (self), FALSE);

  if (self->running)
    return self->fd >= 0;
  self->running = TRUE;
  if (try_open (self, error))
    return TRUE;
  schedule_retry (self);
  return FALSE;
}

void
guichet_serial_scanner_stop (GuichetSerialScanner *self)
{
  g_return_if_fail (GUICHET_IS_SERIAL_SCANNER (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  close_device (self);
}
