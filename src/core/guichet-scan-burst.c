/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-scan-burst"

#include "config.h"

#include <string.h>

#include "guichet-scan-burst.h"

/* evdev KEY_LEFTSHIFT and KEY_RIGHTSHIFT, + 8 */
#define SHIFT_L_KEYCODE 50
#define SHIFT_R_KEYCODE 62

struct _GuichetScanBurst
{
  GObject parent_instance;

  GuichetScanDecoder *decoder;
  guint               threshold_ms;
  guint               min_length;

  GString *code;   /* decoded through the scanner's layout */
  GString *typed;  /* as the desk's layout typed it */
  guint    n_keys; /* held keys, Shift included */
  guint32  last_time;
  /* A scan just ended: a second terminator right after (CR LF, Enter
   * then Tab) belongs to it. */
  gboolean after_scan;
  guint32  scan_time;
};

G_DEFINE_FINAL_TYPE (GuichetScanBurst, guichet_scan_burst, G_TYPE_OBJECT)

enum
{
  SIGNAL_SCAN,
  SIGNAL_RELEASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
guichet_scan_burst_finalize (GObject *object)
{
  GuichetScanBurst *self = GUICHET_SCAN_BURST (object);

  g_clear_object (&self->decoder);
  g_string_free (self->code, TRUE);
  g_string_free (self->typed, TRUE);

  G_OBJECT_CLASS (guichet_scan_burst_parent_class)->finalize (object);
}

static void
guichet_scan_burst_class_init (GuichetScanBurstClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = guichet_scan_burst_finalize;

  signals[SIGNAL_SCAN] = g_signal_new ("scan", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_RELEASE] = g_signal_new ("release", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
guichet_scan_burst_init (GuichetScanBurst *self)
{
  self->threshold_ms = GUICHET_SCAN_BURST_DEFAULT_THRESHOLD_MS;
  self->min_length = GUICHET_SCAN_BURST_DEFAULT_MIN_LENGTH;
  self->code = g_string_new (NULL);
  self->typed = g_string_new (NULL);
}

GuichetScanBurst *
guichet_scan_burst_new (GuichetScanDecoder *decoder)
{
  GuichetScanBurst *self;

  g_return_val_if_fail (GUICHET_IS_SCAN_DECODER (decoder), NULL);

  self = g_object_new (GUICHET_TYPE_SCAN_BURST, NULL);
  self->decoder = g_object_ref (decoder);
  return self;
}

static void
clear (GuichetScanBurst *self)
{
  g_string_truncate (self->code, 0);
  g_string_truncate (self->typed, 0);
  self->n_keys = 0;
}

GuichetScanDecoder *
guichet_scan_burst_get_decoder (GuichetScanBurst *self)
{
  g_return_val_if_fail (GUICHET_IS_SCAN_BURST (self), NULL);
  return self->decoder;
}

void
guichet_scan_burst_set_decoder (GuichetScanBurst   *self,
                                GuichetScanDecoder *decoder)
{
  g_return_if_fail (GUICHET_IS_SCAN_BURST (self));
  g_return_if_fail (GUICHET_IS_SCAN_DECODER (decoder));

  g_set_object (&self->decoder, decoder);
  clear (self);
}

guint
guichet_scan_burst_get_threshold (GuichetScanBurst *self)
{
  g_return_val_if_fail (GUICHET_IS_SCAN_BURST (self), 0);
  return self->threshold_ms;
}

void
guichet_scan_burst_set_threshold (GuichetScanBurst *self,
                                  guint             threshold_ms)
{
  g_return_if_fail (GUICHET_IS_SCAN_BURST (self));
  self->threshold_ms = MAX (threshold_ms, 1);
}

guint
guichet_scan_burst_get_min_length (GuichetScanBurst *self)
{
  g_return_val_if_fail (GUICHET_IS_SCAN_BURST (self), 0);
  return self->min_length;
}

void
guichet_scan_burst_set_min_length (GuichetScanBurst *self,
                                   guint             min_length)
{
  g_return_if_fail (GUICHET_IS_SCAN_BURST (self));
  self->min_length = MAX (min_length, 1);
}

gboolean
guichet_scan_burst_is_holding (GuichetScanBurst *self)
{
  g_return_val_if_fail (GUICHET_IS_SCAN_BURST (self), FALSE);
  return self->n_keys > 0;
}

/* Ends the held burst: a scan when long enough, else the person's keys
 * go back. Returns TRUE for a scan. */
static gboolean
end_burst (GuichetScanBurst *self,
           guint32           time_ms)
{
  g_autofree char *code = NULL;
  g_autofree char *typed = NULL;

  if (self->n_keys == 0)
    return FALSE;

  code = g_strndup (self->code->str, self->code->len);
  typed = g_strndup (self->typed->str, self->typed->len);
  clear (self);

  if (g_utf8_strlen (code, -1) >= (glong) self->min_length)
    {
      self->after_scan = TRUE;
      self->scan_time = time_ms;
      g_signal_emit (self, signals[SIGNAL_SCAN], 0, code);
      return TRUE;
    }

  if (typed[0] != '\0')
    g_signal_emit (self, signals[SIGNAL_RELEASE], 0, typed);
  return FALSE;
}

static gboolean
is_terminator (const char *text)
{
  return strcmp (text, "\r") == 0 || strcmp (text, "\n") == 0 || strcmp (text, "\t") == 0;
}

gboolean
guichet_scan_burst_key_press (GuichetScanBurst *self,
                              guint             keycode,
                              guint             state,
                              gunichar          typed,
                              guint32           time_ms)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (GUICHET_IS_SCAN_BURST (self), FALSE);

  /* Times are the server's milliseconds: unsigned differences survive
   * the wrap every 49 days. */
  if (self->n_keys > 0 && (guint32) (time_ms - self->last_time) > self->threshold_ms)
    end_burst (self, self->last_time);
  if (self->after_scan && (guint32) (time_ms - self->scan_time) > self->threshold_ms)
    self->after_scan = FALSE;

  text = guichet_scan_decoder_decode_key (self->decoder, keycode, state & GUICHET_SCAN_SHIFT);

  if (text[0] == '\0' && (keycode == SHIFT_L_KEYCODE || keycode == SHIFT_R_KEYCODE))
    {
      /* Shift: part of a burst that runs, else the person's. */
      if (self->n_keys == 0)
        return FALSE;
      self->n_keys++;
      self->last_time = time_ms;
      return TRUE;
    }

  if (text[0] == '\0' || (!is_terminator (text) && g_unichar_iscntrl (g_utf8_get_char (text))))
    {
      /* Arrows, BackSpace, Escape, Delete...: no scanner sends them. What
       * was held goes first, then the key goes to the person's widget. */
      end_burst (self, self->last_time);
      self->after_scan = FALSE;
      return FALSE;
    }

  if (is_terminator (text))
    {
      if (self->n_keys > 0)
        return end_burst (self, time_ms);
      if (self->after_scan)
        {
          self->scan_time = time_ms;
          return TRUE;
        }
      return FALSE;
    }

  self->after_scan = FALSE;
  g_string_append (self->code, text);
  if (typed != 0 && !g_unichar_iscntrl (typed))
    g_string_append_unichar (self->typed, typed);
  self->n_keys++;
  self->last_time = time_ms;
  return TRUE;
}

void
guichet_scan_burst_flush (GuichetScanBurst *self)
{
  g_return_if_fail (GUICHET_IS_SCAN_BURST (self));
  end_burst (self, self->last_time);
}
