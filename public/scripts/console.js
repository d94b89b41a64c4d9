// Staff console, progressive enhancement only: every form works without this file.
// Markdown preview in place: the Preview button (which otherwise posts the form back to render
// the preview) fetches /<locale>/admin/preview instead, and the preview then follows the typing.
const locale = location.pathname.split('/')[1];

function setUp(field) {
  const button = field.querySelector('[data-preview-button]');
  const textarea = field.querySelector('textarea');
  const region = field.querySelector('.md-preview');
  const body = field.querySelector('[data-preview-body]');
  const form = field.closest('form');
  const csrf = form && form.querySelector('input[name="_csrf"]');
  if (!button || !textarea || !region || !body || !csrf) return;
  let timer;
  let seq = 0;

  async function render() {
    const mine = ++seq;
    const res = await fetch(`/${locale}/admin/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf.value, markdown: textarea.value }),
      credentials: 'same-origin',
    });
    if (!res.ok || mine !== seq) return;
    const html = await res.text();
    body.innerHTML = html || `<p class="empty">${region.dataset.empty || ''}</p>`;
    region.hidden = false;
  }

  button.addEventListener('click', (event) => {
    event.preventDefault();
    render().catch(() => {});
  });
  textarea.addEventListener('input', () => {
    if (region.hidden) return;
    clearTimeout(timer);
    timer = setTimeout(() => render().catch(() => {}), 400);
  });
}

document.querySelectorAll('[data-markdown-field]').forEach(setUp);
