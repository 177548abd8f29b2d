// Builds the page from text only: every value from outside goes in as a text node, never as
// markup, so no address, location or message can inject anything.

/** An element with attributes (strings), event handlers (functions) and children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') {
      node.addEventListener(name, value);
    } else if (value === true) {
      node.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined) {
      node.setAttribute(name, String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function byId(id) {
  return document.getElementById(id);
}

export function clear(node) {
  node.replaceChildren();
}

export function show(node, visible) {
  node.hidden = !visible;
}

/** A table cell that carries its column's name, shown as a label on narrow screens. */
export function cell(label, ...children) {
  return el('td', { 'data-label': label }, ...children);
}

/** An action menu: a button that opens a list of actions. */
export function menu(label, actions) {
  const details = el('details', { class: 'menu' },
    el('summary', { 'aria-label': label, title: label }, '\u22EF'));
  const items = el('div', { class: 'menu-items' });
  for (const [text, handler] of actions) {
    items.append(el('button', {
      type: 'button',
      click: () => {
        details.open = false;
        handler();
      },
    }, text));
  }
  details.append(items);
  return details;
}

/** Unix seconds as a local date and time. */
export function when(seconds) {
  return new Date(seconds * 1000).toLocaleString();
}
