// Words for the people in a client's network: their place in it ("mantelzorger", or a
// professional's discipline, "huisarts") and a name with that place beside it.
import { has } from './i18n.js';

// The word for someone's place, or '' when they have none (the client, someone outside the network).
export function roleWord(t, lang, role, discipline) {
  if (!role) return '';
  if (role === 'professional' && discipline && has(lang, `roles.disciplines.${discipline}`)) {
    return t(`roles.disciplines.${discipline}`);
  }
  return has(lang, `roles.${role}`) ? t(`roles.${role}`) : '';
}

// "Anna (mantelzorger)", or only the name when their place is not known.
export function nameWithRole(t, lang, person) {
  const name = person.name || t('roles.someone');
  const role = roleWord(t, lang, person.role, person.discipline);
  return role ? t('roles.nameWithRole', { name, role }) : name;
}
