/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GUICHET_ERROR (guichet_error_quark ())

typedef enum
{
  GUICHET_ERROR_FAILED,
  GUICHET_ERROR_NOT_SUPPORTED,   /* the provider cannot do this */
  GUICHET_ERROR_AUTH_REJECTED,   /* credentials refused: sign in again */
  GUICHET_ERROR_FORBIDDEN,       /* signed in, but not allowed */
  GUICHET_ERROR_NOT_FOUND,
  GUICHET_ERROR_VALIDATION,      /* the server refused a field; message holds its words */
  GUICHET_ERROR_RATE_LIMITED,    /* too many requests, even after waiting */
  GUICHET_ERROR_NETWORK,         /* could not reach the server, or it hung up */
  GUICHET_ERROR_TIMEOUT,
  GUICHET_ERROR_SERVER,          /* 5xx */
  GUICHET_ERROR_MALFORMED,       /* the reply could not be read */
  GUICHET_ERROR_INSECURE,        /* plain http to a non-loopback host */
  GUICHET_ERROR_STORE,           /* the local database failed */
  GUICHET_ERROR_SECRETS,         /* the keyring failed */
  GUICHET_ERROR_NO_ACCOUNT,
  GUICHET_ERROR_INVALID_INPUT,   /* bad argument from the user */
  GUICHET_ERROR_STORE_CORRUPT,   /* the local database is damaged: repair it */
} GuichetError;

GQuark guichet_error_quark (void);

/* Field-level messages. Any GUICHET_ERROR can carry them; a refused form
 * (GUICHET_ERROR_VALIDATION, e.g. HTTP 422 with errors[].field/messages)
 * does, so that an editor can mark the field and the CLI print
 * "field: message". They survive g_error_copy(). */
void                guichet_error_add_field_message  (GError       *error,
                                                      const char   *field,
                                                      const char   *message);
/* The fields with messages, in the order they came; NULL when none. */
const char * const *guichet_error_get_fields         (const GError *error);
/* The messages of @field, NULL-terminated; NULL when it has none. */
const char * const *guichet_error_get_field_messages (const GError *error,
                                                      const char   *field);
/* "field: message" lines (each ends with '\n'); NULL when no field. */
char               *guichet_error_format_fields      (const GError *error);

G_END_DECLS
