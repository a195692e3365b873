// Mijn apparaten: the client (or a member who may change measurements) connects a meter, a
// sensor's uploader or an app that sends readings with a code (token) of its own. The code is
// shown once, right after connecting, with how to enter it in a glucose uploader (the Nightscout
// API, docs/nightscout.md); the list shows what each device may send, who connected it, when it
// was last used and what it last said of itself, and disconnects it after a second yes.
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { has } from '../i18n.js';
import { Field } from '../components/Field.js';
import { ErrorSummary, Status } from '../components/Alert.js';
import { errorMessage } from '../errors.js';
import { formatDate, SharedRecord } from '../record.js';

// The kinds a Nightscout uploader sends (docs/nightscout.md): a device given one of them gets the
// instructions for xDrip+ and the other uploaders.
const NIGHTSCOUT_KINDS = ['cgm', 'glucose', 'carbohydrates', 'insulin'];

// A device may also be given `daily_life`: it then sends signals of home sensors (the day at home
// page) rather than readings. It is not a measurement kind, so it is offered after the catalogue.
const DAILY_LIFE_KIND = 'daily_life';

export function kindWord(t, lang, code) {
  if (code === DAILY_LIFE_KIND) return t('dailyLife.device');
  return has(lang, `measure.kind.${code}`) ? t(`measure.kind.${code}`) : code;
}

// What a device last said of itself (a Nightscout devicestatus, kept as sent): its battery and
// the uploader's name, when they are there and look like what they should be.
function statusWords(t, status) {
  if (!status || typeof status !== 'object') return [];
  const out = [];
  const battery = [status.uploaderBattery, status.uploader && status.uploader.battery,
    status.pump && status.pump.battery && status.pump.battery.percent].find((b) => typeof b === 'number' && b >= 0 && b <= 100);
  if (battery !== undefined) out.push(t('devices.battery', { percent: Math.round(battery) }));
  const name = [status.device, status.uploader && status.uploader.name].find((n) => typeof n === 'string' && n.trim());
  if (name) out.push(t('devices.uploader', { name: name.trim().slice(0, 80) }));
  return out;
}

// The code of a device just connected, shown this once, with where to enter it.
function TokenBox({ t, device, token, onDone }) {
  const heading = useRef(null);
  const [copied, setCopied] = useState('');
  useEffect(() => { if (heading.current) heading.current.focus(); }, [token]);
  const origin = window.location.origin;
  const url = new URL(origin);
  const xdrip = `${url.protocol}//${token}@${url.host}/nightscout/api/v1/`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(t('devices.copied'));
    } catch {
      setCopied(t('devices.copyFailed'));
    }
  };
  const nightscout = device.kinds.some((k) => NIGHTSCOUT_KINDS.includes(k));
  return html`
    <section class="token-box" aria-labelledby="token-heading">
      <h2 id="token-heading" tabindex="-1" ref=${heading}>${t('devices.tokenHeading', { name: device.name })}</h2>
      <p class="token-once"><strong>${t('devices.tokenOnce')}</strong></p>
      <p>${t('devices.tokenSecret')}</p>
      <p class="token-label">${t('devices.tokenLabel')}</p>
      <p class="token"><code>${token}</code></p>
      <button type="button" class="primary" onClick=${copy}>${t('devices.copy')}</button>
      <${Status} message=${copied} />
      ${nightscout ? html`
        <h3>${t('devices.cgmHeading')}</h3>
        <p>${t('devices.cgmIntro')}</p>
        <p>${t('devices.xdripWhere')}</p>
        <p class="token"><code>${xdrip}</code></p>
        <p>${t('devices.otherWhere')}</p>
        <dl class="details">
          <dt>${t('devices.siteUrl')}</dt><dd><code>${origin}/nightscout</code></dd>
          <dt>${t('devices.apiSecret')}</dt><dd>${t('devices.apiSecretValue')}</dd>
        </dl>` : html`<p>${t('devices.otherDevice')}</p>`}
      <button type="button" onClick=${onDone}>${t('devices.done')}</button>
    </section>`;
}

function ConnectForm({ t, lang, client, kinds, onConnected }) {
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState([]);
  const [err, setErr] = useState(null);
  const [problem, setProblem] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    const local = !name.trim() || name.trim().length > 80 ? 'name' : chosen.length === 0 ? 'kinds' : null;
    if (local) {
      setErr({ field: local });
      setProblem(t(`devices.errors.${local}`));
      return;
    }
    try {
      // In the catalogue's order, whatever order they were ticked in.
      const made = await request('POST', `/clients/${client}/devices`, { name: name.trim(), kinds: kinds.map((k) => k.code).filter((c) => chosen.includes(c)) });
      setErr(null);
      setProblem(null);
      setName('');
      setChosen([]);
      onConnected(made);
    } catch (x) {
      setErr(x);
      setProblem(x.field && has(lang, `devices.errors.${x.field}`) ? t(`devices.errors.${x.field}`) : errorMessage(t, x));
    }
  };
  const toggle = (code, on) => setChosen(on ? [...chosen, code] : chosen.filter((c) => c !== code));
  const fieldErr = (f) => (err && err.field === f ? t(`devices.errors.${f}`) : null);
  return html`
    <form class="connect-device" onSubmit=${submit} novalidate>
      <h2>${t('devices.addHeading')}</h2>
      <${ErrorSummary} title=${t('errors.summary')} message=${problem} />
      <${Field} id="device-name" label=${t('devices.name')} help=${t('devices.nameHelp')} value=${name}
        onInput=${setName} error=${fieldErr('name')} />
      <fieldset class=${`field radios kinds${fieldErr('kinds') ? ' has-error' : ''}`} aria-describedby="device-kinds-help">
        <legend>${t('devices.kindsLegend')}</legend>
        <p class="help" id="device-kinds-help">${t('devices.kindsHelp')}</p>
        ${fieldErr('kinds') && html`<p class="field-error">${fieldErr('kinds')}</p>`}
        ${kinds.map((k) => html`
          <label class="radio"><input type="checkbox" name="device-kinds" value=${k.code} checked=${chosen.includes(k.code)}
            onChange=${(e) => toggle(k.code, e.currentTarget.checked)} /> <span>${kindWord(t, lang, k.code)}</span></label>`)}
      </fieldset>
      <button type="submit" class="primary">${t('devices.connect')}</button>
    </form>`;
}

function ConfirmDisconnect({ t, d, onYes, onNo }) {
  const text = useRef(null);
  useEffect(() => { if (text.current) text.current.focus(); }, []);
  return html`
    <div class="alert warn confirm" role="group" aria-labelledby=${`disconnect-${d.id}`}>
      <p id=${`disconnect-${d.id}`} tabindex="-1" ref=${text}>${t('devices.disconnectConfirm', { name: d.name })}</p>
      <button type="button" class="danger" onClick=${onYes}>${t('devices.disconnectYes', { name: d.name })}</button>
      <button type="button" onClick=${onNo}>${t('devices.disconnectNo')}</button>
    </div>`;
}

function Device({ t, lang, d, who, readOnly, onDisconnect }) {
  const [asking, setAsking] = useState(false);
  const button = useRef(null);
  const status = statusWords(t, d.status);
  const no = () => { setAsking(false); setTimeout(() => button.current && button.current.focus()); };
  return html`
    <li class=${`device card${d.revoked ? ' revoked' : ''}`}>
      <h3 id=${`device-${d.id}`}>${d.name}</h3>
      ${d.revoked && html`<p class="device-revoked"><strong>${t('devices.revoked')}</strong></p>`}
      <dl class="details">
        <dt>${t('devices.kinds')}</dt>
        <dd>${d.kinds.map((k) => kindWord(t, lang, k)).join(', ')}</dd>
        <dt>${t('devices.connectedBy')}</dt>
        <dd>${t('devices.connectedWhen', { who, date: formatDate(lang, d.created_at) })}</dd>
        <dt>${t('devices.lastUsed')}</dt>
        <dd>${d.last_used_at ? formatDate(lang, d.last_used_at, true) : t('devices.neverUsed')}</dd>
        ${status.length > 0 && html`
          <dt>${t('devices.status')}</dt>
          <dd>${status.join(', ')}${d.status_at && ` (${t('devices.statusAt', { date: formatDate(lang, d.status_at, true) })})`}</dd>`}
      </dl>
      ${!d.revoked && !readOnly && (asking
        ? html`<${ConfirmDisconnect} t=${t} d=${d} onYes=${() => onDisconnect(d)} onNo=${no} />`
        : html`<div class="item-actions"><button type="button" class="danger" ref=${button} aria-describedby=${`device-${d.id}`}
            onClick=${() => setAsking(true)}>${t('devices.disconnect')}</button></div>`)}
    </li>`;
}

// client, owner, readOnly: someone else's devices, shared with me (see Shared.js).
export function Devices({ t, lang, me, client = 'me', owner, readOnly }) {
  const shared = useContext(SharedRecord);
  const [devices, setDevices] = useState(null);
  const [kinds, setKinds] = useState([]);
  const [members, setMembers] = useState([]);
  const [err, setErr] = useState(null);
  const [made, setMade] = useState(null); // { device, token }: shown once
  const [said, setSaid] = useState('');
  const listHeading = useRef(null);
  const failed = (x) => {
    // Someone else's devices answer 404 when the right was just taken back.
    if (shared && x.status === 404) shared.lost('measurements');
    else setErr(x);
  };
  const load = async () => {
    try {
      setDevices(await request('GET', `/clients/${client}/devices`));
      setErr(null);
    } catch (x) {
      failed(x);
    }
  };
  useEffect(() => {
    load();
    request('GET', '/measurement-kinds').then((list) => setKinds([...list, { code: DAILY_LIFE_KIND }]), setErr);
    // The names of the members who may have connected a device (only the client's own list).
    if (client === 'me') request('GET', '/clients/me/members').then(setMembers, () => setMembers([]));
  }, [client]);
  const whoOf = (id) => {
    if (me && id === me.id) return t('devices.you');
    if (owner && String(id) === String(client)) return owner;
    const m = members.find((x) => x.id === id);
    return m ? m.name : t('devices.someone');
  };
  const connected = (reply) => {
    const { token, ...device } = reply;
    setSaid('');
    setMade({ device, token });
    load();
  };
  const disconnect = async (d) => {
    try {
      await request('DELETE', `/clients/${client}/devices/${d.id}`);
      setSaid(t('devices.disconnected', { name: d.name }));
      await load();
    } catch (x) {
      failed(x);
    }
    if (listHeading.current) listHeading.current.focus();
  };
  const list = devices || [];
  const ordered = [...list.filter((d) => !d.revoked), ...list.filter((d) => d.revoked)];
  return html`
    ${!owner && html`<h1 tabindex="-1">${t('devices.heading')}</h1>
      <p class="lead">${t('devices.intro')}</p>`}
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
    ${made && html`<${TokenBox} t=${t} device=${made.device} token=${made.token}
      onDone=${() => { setMade(null); setTimeout(() => listHeading.current && listHeading.current.focus()); }} />`}
    <h2 tabindex="-1" ref=${listHeading}>${t('devices.listHeading')}</h2>
    <${Status} message=${said} />
    ${!devices && !err && html`<p>${t('app.loading')}</p>`}
    ${devices && list.length === 0 && html`<p>${t('devices.none')}</p>`}
    ${list.length > 0 && html`
      <ul class="devices">${ordered.map((d) => html`<${Device} key=${d.id} t=${t} lang=${lang} d=${d} who=${whoOf(d.created_by)}
        readOnly=${readOnly} onDisconnect=${disconnect} />`)}</ul>`}
    ${!readOnly && kinds.length > 0 && html`<${ConnectForm} t=${t} lang=${lang} client=${client} kinds=${kinds} onConnected=${connected} />`}`;
}
