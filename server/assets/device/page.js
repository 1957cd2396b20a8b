// Signs in with the password (POST /v1/sessions), records the decision on the code
// (POST /v1/device-approvals), then ends that sign-in (POST /oauth/revoke with its refresh token,
// which also ends its access token). Nothing is stored in the browser, and no 30-day session is
// left behind on the server: the terminal gets a sign-in of its own from the device flow.
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

async function endSession(refreshToken) {
  try {
    const response = await fetch('/oauth/revoke', {
      method: 'POST',
      body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }),
    });
    return response.ok;
  } catch {
    return false;
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
  const { accessToken, refreshToken } = await session.json();
  try {
    const decision = await fetch('/v1/device-approvals', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ userCode: form.userCode.value.trim().toUpperCase(), approve }),
    });
    if (!decision.ok) return show(`Not recorded: ${await problemText(decision)}`, 'error');
    show(
      approve ? 'Approved. Go back to your terminal.' : 'Denied. The terminal will not be signed in.',
      'ok',
    );
  } finally {
    if (!(await endSession(refreshToken))) {
      result.textContent += ' (The sign-in made on this page could not be ended; it expires by itself.)';
    }
  }
});
