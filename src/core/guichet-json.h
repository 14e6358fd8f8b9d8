/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Tolerant getters: a missing member, null, or a value of the wrong type
 * gives the default; none of them warns. */

/* A string member; numbers are formatted as text ("12", "9.99"), booleans as
 * "true"/"false". NULL when missing or null. */
char       *guichet_json_dup_string  (JsonObject *object,
                                      const char *member);
/* An id: integer, numeric string or other string, all as text. NULL when
 * missing, null, or empty. */
char       *guichet_json_dup_id      (JsonObject *object,
                                      const char *member);
char       *guichet_json_node_dup_id (JsonNode   *node);
/* Integers, whole doubles and numeric strings ("12", " 12 ") are read. */
gint64      guichet_json_get_int     (JsonObject *object,
                                      const char *member,
                                      gint64      default_value);
/* Numbers and numeric strings ("9.99", "9,99" is not a number). */
double      guichet_json_get_double  (JsonObject *object,
                                      const char *member,
                                      double      default_value);
/* true/false, 0/1 and the strings "true"/"false"/"1"/"0"/"yes"/"no". */
gboolean    guichet_json_get_bool    (JsonObject *object,
                                      const char *member,
                                      gboolean    default_value);
/* NULL unless the member is an object / array. Not a new reference. */
JsonObject *guichet_json_get_object  (JsonObject *object,
                                      const char *member);
JsonArray  *guichet_json_get_array   (JsonObject *object,
                                      const char *member);
/* json-glib's parse error @message made fit for a user: valid UTF-8, one
 * line, no control characters, at most 160 characters. */
char       *guichet_json_dup_parse_detail (const char *message);
/* Parse bytes into a node; GUICHET_ERROR_MALFORMED with a short reason. */
JsonNode   *guichet_json_parse_bytes (GBytes     *bytes,
                                      GError    **error);

/* Guards for a reply's shape: GUICHET_ERROR_MALFORMED when the reply as a
 * whole cannot be used. Not new references. */
JsonObject *guichet_json_root_object    (JsonNode    *root,
                                         GError     **error);
/* The array member @member of @object; an error naming it when missing. */
JsonArray  *guichet_json_required_array (JsonObject  *object,
                                         const char  *member,
                                         GError     **error);
/* Element @index of @array when it is an object, else NULL (no error: a
 * bad record is skipped, not the page). */
JsonObject *guichet_json_array_get_object (JsonArray *array,
                                           guint      index);

G_END_DECLS
