import { useState } from 'preact/hooks';
import { engine } from '../api/engine';
import { setSession } from '../api/session';
import { messageOf } from '../shared/format';
import { Button, ErrorNote } from '../shared/ui';

/**
 * Development sign-in against the users the engine is configured with (`OSPREY_DEV_USERS`).
 * The engine returns a signed token; the app only stores it and sends it along.
 */
export default function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const signed = await engine.signIn(username.trim(), password);
      setSession({ token: signed.token, username: signed.username, groups: signed.groups, roles: signed.roles });
      onSignedIn();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="sign-in">
      <form class="sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <div class="sign-in-brand">
          <span class="brand-mark" aria-hidden="true" />
          Osprey
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        <label class="field">
          <span>Username</span>
          <input class="input" name="username" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} autoFocus />
        </label>
        <label class="field">
          <span>Password</span>
          <input class="input" name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error ? <ErrorNote>{error}</ErrorNote> : null}
        <Button type="submit" variant="primary" busy={busy} class="btn-block">
          Sign in
        </Button>
        <p class="hint">Development sign-in: the engine's configured users. Not for production.</p>
      </form>
    </div>
  );
}
