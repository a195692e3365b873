// Turns an ApiError into translated text: one message for the form, and per-field messages.
export function errorMessage(t, err) {
  if (!err) return null;
  if (err.code === 'too_many_requests') return t('errors.too_many_requests', { seconds: err.retryAfter || 60 });
  const text = t(`errors.${err.code}`);
  return text === `errors.${err.code}` ? t('errors.internal') : text;
}

export function fieldError(t, err, field) {
  if (!err || err.field !== field) return null;
  if (field === 'email' && err.code === 'conflict') return t('errors.fields.email_conflict');
  const text = t(`errors.fields.${field}`);
  return text === `errors.fields.${field}` ? errorMessage(t, err) : text;
}
