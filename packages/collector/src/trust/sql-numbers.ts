/**
 * Reading numbers out of the customer's JSON in SQL without ever failing the query. A plain
 * `(traits->>'arr')::float8` throws on a 400-digit string ("out of range for type double
 * precision") and turns every page that lists the account into a 500 (issue 19, finding 2). The
 * CASE makes the cast run only for decimal text short enough to fit (CASE fixes the evaluation
 * order; a WHERE clause would not); anything else reads as NULL, "no value".
 */

/** SQL: the text expression `text` as float8 when it is a plain decimal number that fits, else NULL. */
export const numberFromText = (text: string) => `(CASE WHEN ${text} ~ '^-?[0-9]{1,15}(\\.[0-9]{1,15})?$' THEN (${text})::float8 END)`

/** SQL: an account's ARR trait (`a.traits` by default) as float8, or NULL. */
export const arrOf = (traits = 'a.traits') => numberFromText(`${traits}->>'arr'`)
