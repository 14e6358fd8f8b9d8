/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-json"

#include "config.h"

#include <errno.h>
#include <math.h>

#include <glib/gi18n.h>

#include "guichet-error.h"
#include "guichet-json.h"

/* Providers disagree on types: the same field can arrive as 12, 12.0, "12"
 * or " 12 ", booleans as "true", and anything may be null. These getters
 * never warn; a value that cannot be read gives the caller's default. */

static JsonNode *
get_value_node (JsonObject *object,
                const char *member)
{
  JsonNode *node;

  if (object == NULL || member == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  return node;
}

/* A double as short text: 9.99 -> "9.99", 10.0 -> "10". */
static char *
format_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return NULL;

  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  /* Fifteen digits hide binary noise (0.1 + 0.2); seventeen if needed to
   * keep the exact value. */
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);

  return g_strdup (buf);
}

static gboolean
parse_int (const char *text,
           gint64     *out)
{
  g_autofree char *copy = NULL;
  g_autoptr (GError) error = NULL;
  char  *end = NULL;
  double d;

  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return FALSE;

  if (g_ascii_string_to_signed (copy, 10, G_MININT64, G_MAXINT64, out, &error))
    return TRUE;

  /* "12.0" is a whole number too */
  errno = 0;
  d = g_ascii_strtod (copy, &end);
  if (errno != 0 || end == copy || *end != '\0' || !isfinite (d) || d != floor (d) ||
      fabs (d) >= 9.2e18)
    return FALSE;

  *out = (gint64) d;
  return TRUE;
}

static gboolean
parse_double (const char *text,
              double     *out)
{
  g_autofree char *copy = NULL;
  char            *end = NULL;
  double           d;

  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return FALSE;

  errno = 0;
  d = g_ascii_strtod (copy, &end);
  if (errno != 0 || end == copy || *end != '\0' || !isfinite (d))
    return FALSE;

  *out = d;
  return TRUE;
}

/* json-glib lets a lone surrogate escape ("\ud800x") through as invalid
 * UTF-8: never hand that on to the store or a label. */
static char *
dup_valid_utf8 (const char *text)
{
  if (text == NULL)
    return NULL;
  if (g_utf8_validate (text, -1, NULL))
    return g_strdup (text);

  return g_utf8_make_valid (text, -1);
}

char *
guichet_json_dup_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = get_value_node (object, member);

  if (node == NULL)
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return dup_valid_utf8 (json_node_get_string (node));

    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case G_TYPE_DOUBLE:
      return format_double (json_node_get_double (node));

    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");

    default:
      return NULL;
    }
}

char *
guichet_json_node_dup_id (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      {
        g_autofree char *id = g_strstrip (dup_valid_utf8 (json_node_get_string (node)));

        return *id != '\0' ? g_steal_pointer (&id) : NULL;
      }

    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case G_TYPE_DOUBLE:
      return format_double (json_node_get_double (node));

    default:
      return NULL;
    }
}

char *
guichet_json_dup_id (JsonObject *object,
                     const char *member)
{
  return guichet_json_node_dup_id (get_value_node (object, member));
}

gint64
guichet_json_get_int (JsonObject *object,
                      const char *member,
                      gint64      default_value)
{
  JsonNode *node = get_value_node (object, member);
  gint64    value;

  if (node == NULL)
    return default_value;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);

    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        if (isfinite (d) && d == floor (d) && fabs (d) < 9.2e18)
          return (gint64) d;
        return default_value;
      }

    case G_TYPE_STRING:
      if (parse_int (json_node_get_string (node), &value))
        return value;
      return default_value;

    default:
      return default_value;
    }
}

double
guichet_json_get_double (JsonObject *object,
                         const char *member,
                         double      default_value)
{
  JsonNode *node = get_value_node (object, member);
  double    value;

  if (node == NULL)
    return default_value;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);

    case G_TYPE_DOUBLE:
      return json_node_get_double (node);

    case G_TYPE_STRING:
      if (parse_double (json_node_get_string (node), &value))
        return value;
      return default_value;

    default:
      return default_value;
    }
}

gboolean
guichet_json_get_bool (JsonObject *object,
                       const char *member,
                       gboolean    default_value)
{
  JsonNode *node = get_value_node (object, member);

  if (node == NULL)
    return default_value;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node);

    case G_TYPE_INT64:
      return json_node_get_int (node) != 0;

    case G_TYPE_DOUBLE:
      return json_node_get_double (node) != 0.0;

    case G_TYPE_STRING:
      {
        g_autofree char *text = g_strstrip (json_node_dup_string (node));

        if (g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "yes") == 0 ||
            g_str_equal (text, "1"))
          return TRUE;
        if (g_ascii_strcasecmp (text, "false") == 0 || g_ascii_strcasecmp (text, "no") == 0 ||
            g_str_equal (text, "0"))
          return FALSE;
        return default_value;
      }

    default:
      return default_value;
    }
}

JsonObject *
guichet_json_get_object (JsonObject *object,
                         const char *member)
{
  JsonNode *node;

  if (object == NULL || member == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

JsonArray *
guichet_json_get_array (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  if (object == NULL || member == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

/* json-glib's parse error quotes the bytes it stopped at, decoded: a lone
 * "\ud800" escape comes out as bytes that are not UTF-8, and a string
 * constant can hold newlines or escape sequences, or be megabytes long.
 * The message goes to labels, the terminal and --json: keep it valid
 * UTF-8, one line, without control characters, and short. */
#define MAX_PARSE_DETAIL_CHARS 160

char *
guichet_json_dup_parse_detail (const char *message)
{
  g_autofree char *valid = g_utf8_make_valid (message, -1);
  GString         *out = g_string_new (NULL);
  glong            n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++n > MAX_PARSE_DETAIL_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

JsonNode *
guichet_json_parse_bytes (GBytes  *bytes,
                          GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *data = NULL;
  gsize       size = 0;
  JsonNode   *root;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (bytes != NULL)
    data = g_bytes_get_data (bytes, &size);

  parser = json_parser_new_immutable ();

  if (size == 0 || !json_parser_load_from_data (parser, data, size, &local_error) ||
      (root = json_parser_steal_root (parser)) == NULL)
    {
      g_autofree char *detail =
        local_error != NULL ? guichet_json_dup_parse_detail (local_error->message) : NULL;

      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                   _("The server sent a reply that is not valid JSON: %s"),
                     detail != NULL ? detail : _("the reply is empty"));
      return NULL;
    }

  return root;
}

JsonObject *
guichet_json_root_object (JsonNode *root,
                          GError  **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                           _("The server sent a reply that is not a JSON object."));
      return NULL;
    }
  return json_node_get_object (root);
}

JsonArray *
guichet_json_required_array (JsonObject *object,
                             const char *member,
                             GError    **error)
{
  JsonArray *array = guichet_json_get_array (object, member);

  if (array == NULL)
    g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_MALFORMED,
                 /* Translators: %s is the name of a list in the server's reply, e.g. "events" */
                 _("The server sent a reply without its “%s” list."), member);
  return array;
}

JsonObject *
guichet_json_array_get_object (JsonArray *array,
                               guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;

  node = json_array_get_element (array, index);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}
