/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-scan-decoder"

#include "config.h"

#include <glib/gi18n.h>
#include <xkbcommon/xkbcommon.h>

#include "guichet-error.h"
#include "guichet-scan-decoder.h"

/* evdev KEY_LEFTSHIFT (42) + 8 */
#define SHIFT_KEYCODE 50

struct _GuichetScanDecoder
{
  GObject parent_instance;

  char               *layout;
  struct xkb_context *context;
  struct xkb_keymap  *keymap;
  struct xkb_state   *plain;   /* nothing held */
  struct xkb_state   *shifted; /* Shift held */
};

G_DEFINE_FINAL_TYPE (GuichetScanDecoder, guichet_scan_decoder, G_TYPE_OBJECT)

static void
guichet_scan_decoder_finalize (GObject *object)
{
  GuichetScanDecoder *self = GUICHET_SCAN_DECODER (object);

  g_clear_pointer (&self->plain, xkb_state_unref);
  g_clear_pointer (&self->shifted, xkb_state_unref);
  g_clear_pointer (&self->keymap, xkb_keymap_unref);
  g_clear_pointer (&self->context, xkb_context_unref);
  g_clear_pointer (&self->layout, g_free);

  G_OBJECT_CLASS (guichet_scan_decoder_parent_class)->finalize (object);
}

static void
guichet_scan_decoder_class_init (GuichetScanDecoderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = guichet_scan_decoder_finalize;
}

static void
guichet_scan_decoder_init (GuichetScanDecoder *self)
{
}

GuichetScanDecoder *
guichet_scan_decoder_new (const char *layout,
                          const char *variant,
                          GError    **error)
{
  g_autoptr (GuichetScanDecoder) self = g_object_new (GUICHET_TYPE_SCAN_DECODER, NULL);
  struct xkb_rule_names names = {
    .rules = "evdev",
    .model = "pc105",
    .layout = (layout != NULL && layout[0] != '\0') ? layout : "us",
    .variant = variant,
    .options = NULL,
  };

  self->layout = g_strdup (names.layout);
  /* No environment: the layout is the preference's, nothing else. */
  self->context = xkb_context_new (XKB_CONTEXT_NO_ENVIRONMENT_NAMES);
  if (self->context != NULL)
    self->keymap = xkb_keymap_new_from_names (self->context, &names, XKB_KEYMAP_COMPILE_NO_FLAGS);
  if (self->keymap == NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                   /* Translators: %s is a keyboard layout name such as "fr" */
                   _("The keyboard layout “%s” is not known on this system"), names.layout);
      return NULL;
    }

  self->plain = xkb_state_new (self->keymap);
  self->shifted = xkb_state_new (self->keymap);
  xkb_state_update_key (self->shifted, SHIFT_KEYCODE, XKB_KEY_DOWN);

  return g_steal_pointer (&self);
}

const char *
guichet_scan_decoder_get_layout (GuichetScanDecoder *self)
{
  g_return_val_if_fail (GUICHET_IS_SCAN_DECODER (self), NULL);

  return self->layout;
}

static void
append_key (GuichetScanDecoder *self,
            GString            *out,
            guint               keycode,
            guint               state)
{
  /* Only Shift: Caps Lock or Num Lock on the desk must not change codes. */
  struct xkb_state *xs = (state & GUICHET_SCAN_SHIFT) ? self->shifted : self->plain;
  char              buffer[64];
  int               n;

  if (!xkb_keycode_is_legal_ext (keycode) || keycode < xkb_keymap_min_keycode (self->keymap) ||
      keycode > xkb_keymap_max_keycode (self->keymap))
    return;

  n = xkb_state_key_get_utf8 (xs, keycode, buffer, sizeof buffer);
  if (n > 0 && (gsize) n < sizeof buffer)
    g_string_append_len (out, buffer, n);
}

char *
guichet_scan_decoder_decode_key (GuichetScanDecoder *self,
                                 guint               keycode,
                                 guint               state)
{
  GString *out;

  g_return_val_if_fail (GUICHET_IS_SCAN_DECODER (self), NULL);

  out = g_string_new (NULL);
  append_key (self, out, keycode, state);
  return g_string_free (out, FALSE);
}

char *
guichet_scan_decoder_decode (GuichetScanDecoder *self,
                             const guint        *keycodes,
                             const guint        *states,
                             gsize               n)
{
  GString *out;

  g_return_val_if_fail (GUICHET_IS_SCAN_DECODER (self), NULL);
  g_return_val_if_fail (n == 0 || (keycodes != NULL && states != NULL), NULL);

  out = g_string_sized_new (n);
  for (gsize i = 0; i < n; i++)
    append_key (self, out, keycodes[i], states[i]);
  return g_string_free (out, FALSE);
}

gboolean
guichet_scan_decoder_encode (GuichetScanDecoder *self,
                             gunichar            c,
                             guint              *keycode,
                             guint              *state)
{
  xkb_keycode_t min, max;

  g_return_val_if_fail (GUICHET_IS_SCAN_DECODER (self), FALSE);

  min = xkb_keymap_min_keycode (self->keymap);
  max = xkb_keymap_max_keycode (self->keymap);

  for (guint shift = 0; shift <= 1; shift++)
    for (xkb_keycode_t k = min; k <= max; k++)
      {
        struct xkb_state *xs = shift ? self->shifted : self->plain;

        if (k == SHIFT_KEYCODE)
          continue;
        if (xkb_state_key_get_utf32 (xs, k) == c)
          {
            *keycode = k;
            *state = shift ? GUICHET_SCAN_SHIFT : 0;
            return TRUE;
          }
      }

  return FALSE;
}
