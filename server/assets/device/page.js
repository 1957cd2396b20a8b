// Signs in with the password (POST /v1/sessions), then records the decision on the code
// (POST /v1/device-approvals). Nothing is stored in the browser: the access token lives in this
// function only.
const form = document.getElementById('approve');
const result = document.getElementById('result');
const code = new URLSearchParams(location.search).get('user_code');
if (code) form.userCode.value = code;

function show(text, kind) {
  result.textContent = text;
  result.className = kind;
  result.hidden = false;
}

async function problemText(response) {
  try {
    const body = await response.json();
    return [body.detail ?? body.title, body.hint].filter(Boolean).join(' — ');
  } catch {
    return `the server answered ${response.status}`;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const approve = event.submitter?.value !== 'deny';
  result.hidden = true;
  const session = await fetch('/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: form.username.value, password: form.password.value }),
  });
  form.password.value = '';
  if (!session.ok) return show(`Sign-in failed: ${await problemText(session)}`, 'error');
  const { accessToken } = await session.json();
  const decision = await fetch('/v1/device-approvals', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ userCode: form.userCode.value.trim().toUpperCase(), approve }),
  });
  if (!decision.ok) return show(`Not recorded: ${await problemText(decision)}`, 'error');
  show(approve ? 'Approved. Go back to your terminal.' : 'Denied. The terminal will not be signed in.', 'ok');
});
