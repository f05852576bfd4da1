(function () {
  'use strict';
  // Everything shown comes from the JSON block and is inserted as text (textContent, setAttribute with plain values):
  // no markup from the data is ever parsed.
  var data = JSON.parse(document.getElementById('roletrust-data').textContent);
  var nodes = data.nodes, edges = data.edges, accounts = data.accounts, paths = data.paths;
  var MAX_DRAWN = 400, MAX_LISTED = 500;
  var out = nodes.map(function () { return []; }), into = nodes.map(function () { return []; });
  edges.forEach(function (e, i) { out[e.from].push(i); into[e.to].push(i); });
  var state = { text: '', account: -2, selected: -1, highlight: {}, drawn: [] };
  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) { var x = document.createElement(tag); if (text !== undefined && text !== null) x.textContent = String(text); if (cls) x.className = cls; return x; }
  function svg(tag, attrs) { var x = document.createElementNS('http://www.w3.org/2000/svg', tag); for (var k in attrs) x.setAttribute(k, String(attrs[k])); return x; }
  function accountLabel(i) { return i < 0 ? '(no account)' : accounts[i].label; }

  $('title').textContent = data.title;
  document.title = data.title;
  $('summary').textContent = nodes.length + ' nodes, ' + edges.length + ' edges, ' + accounts.length + ' accounts';
  var select = $('account');
  select.appendChild(el('option', 'All accounts')).value = '-2';
  accounts.forEach(function (a, i) { var o = el('option', a.label); o.value = String(i); select.appendChild(o); });

  function matches(n) {
    if (state.account !== -2 && n.account !== state.account) return false;
    if (!state.text) return true;
    var t = state.text;
    return n.id.toLowerCase().indexOf(t) >= 0 || (n.description || '').toLowerCase().indexOf(t) >= 0 ||
      (n.account >= 0 && accounts[n.account].label.toLowerCase().indexOf(t) >= 0);
  }

  function renderList() {
    var list = $('list');
    while (list.firstChild) list.removeChild(list.firstChild);
    var shown = 0, total = 0;
    nodes.forEach(function (n, i) {
      if (!matches(n)) return;
      total++;
      if (shown >= MAX_LISTED) return;
      shown++;
      var li = el('li', null, i === state.selected ? 'selected' : '');
      li.appendChild(el('span', n.kind, 'kind'));
      li.appendChild(document.createTextNode(n.id));
      li.title = n.id;
      li.addEventListener('click', function () { selectNode(i); });
      list.appendChild(li);
    });
    $('count').textContent = total + ' match' + (total > shown ? ' (first ' + shown + ' listed)' : '');
    return total;
  }

  function neighbourhood(start) {
    var seen = {}; seen[start] = true;
    var queue = [[start, 0]], result = [start];
    while (queue.length && result.length < MAX_DRAWN) {
      var item = queue.shift(), n = item[0];
      if (item[1] >= 3) continue;
      out[n].concat(into[n]).forEach(function (ei) {
        var e = edges[ei], other = e.from === n ? e.to : e.from;
        if (!seen[other] && result.length < MAX_DRAWN) { seen[other] = true; result.push(other); queue.push([other, item[1] + 1]); }
      });
    }
    return result;
  }

  function draw(nodeList) {
    var canvas = $('canvas');
    while (canvas.firstChild) canvas.removeChild(canvas.firstChild);
    state.drawn = nodeList;
    if (!nodeList.length) return;
    var inSet = {}; nodeList.forEach(function (n) { inSet[n] = true; });
    // Columns by hops from the drawn sources (nodes with no drawn incoming edge).
    var column = {}, queue = [];
    nodeList.forEach(function (n) { if (!into[n].some(function (ei) { return inSet[edges[ei].from]; })) { column[n] = 0; queue.push(n); } });
    if (!queue.length) { column[nodeList[0]] = 0; queue.push(nodeList[0]); }
    while (queue.length) {
      var n = queue.shift();
      out[n].forEach(function (ei) { var t = edges[ei].to; if (inSet[t] && column[t] === undefined) { column[t] = column[n] + 1; queue.push(t); } });
    }
    nodeList.forEach(function (n) { if (column[n] === undefined) column[n] = 0; });
    var columns = [];
    nodeList.forEach(function (n) { (columns[column[n]] = columns[column[n]] || []).push(n); });
    var W = 260, H = 26, GAP = 120, pos = {}, clusters = [], height = 0;
    columns.forEach(function (col, c) {
      col.sort(function (a, b) { return (nodes[a].account - nodes[b].account) || (nodes[a].id < nodes[b].id ? -1 : 1); });
      var y = 10, x = 10 + c * (W + GAP), current = null;
      col.forEach(function (n) {
        if (nodes[n].account !== (current === null ? null : current.account)) {
          if (current) { current.h = y - current.y; y += 14; }
          current = { account: nodes[n].account, x: x - 6, y: y, h: 0 };
          clusters.push(current);
          y += 16;
        }
        pos[n] = { x: x, y: y };
        y += H + 6;
      });
      if (current) current.h = y - current.y;
      height = Math.max(height, y + 10);
    });
    var root = svg('svg', { width: 20 + columns.length * (W + GAP), height: height });
    clusters.forEach(function (cl) {
      var outside = cl.account >= 0 && !accounts[cl.account].inData;
      root.appendChild(svg('rect', { x: cl.x, y: cl.y, width: W + 12, height: cl.h, rx: 6, 'class': 'cluster' + (outside ? ' outside' : '') }));
      var label = svg('text', { x: cl.x + 6, y: cl.y + 12, 'class': 'cluster-label' });
      var text = accountLabel(cl.account);
      label.textContent = text.length > 48 ? text.slice(0, 24) + '…' + text.slice(-22) : text;
      root.appendChild(label);
    });
    edges.forEach(function (e, i) {
      if (!inSet[e.from] || !inSet[e.to]) return;
      var a = pos[e.from], b = pos[e.to];
      var x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2;
      if (x2 <= x1) { x2 = b.x + W; }
      var mid = (x1 + x2) / 2;
      var cls = 'edge' + (e.conditional ? ' conditional' : '') + (e.chain ? ' chain' : '') + (state.highlight[i] ? ' highlight' : '');
      var p = svg('path', { d: 'M' + x1 + ',' + y1 + ' C' + mid + ',' + y1 + ' ' + mid + ',' + y2 + ' ' + x2 + ',' + y2, 'class': cls, 'marker-end': 'url(#arrow)' });
      var tip = svg('title', {});
      tip.textContent = nodes[e.from].id + ' -> ' + nodes[e.to].id + (e.conditions.length ? '\nOnly when: ' + e.conditions.join('; ') : '');
      p.appendChild(tip);
      root.appendChild(p);
    });
    var defs = svg('defs', {}), marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' });
    marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8c959f' }));
    defs.appendChild(marker);
    root.insertBefore(defs, root.firstChild);
    nodeList.forEach(function (n) {
      var node = nodes[n], g = svg('g', { 'class': 'node ' + (node.kind === 'Role' ? 'role' : node.kind === 'User' ? 'user' : 'other') + (n === state.selected ? ' selected' : '') });
      g.appendChild(svg('rect', { x: pos[n].x, y: pos[n].y, width: W, height: H, rx: 3 }));
      var t = svg('text', { x: pos[n].x + 6, y: pos[n].y + 17 });
      var text = (node.kind === 'Role' || node.kind === 'User' ? '' : node.kind + ': ') + node.label;
      t.textContent = text.length > 42 ? text.slice(0, 20) + '…' + text.slice(-20) : text;
      g.appendChild(t);
      var tip = svg('title', {}); tip.textContent = node.id; g.appendChild(tip);
      g.addEventListener('click', function () { selectNode(n); });
      root.appendChild(g);
    });
    canvas.appendChild(root);
  }

  function refresh() {
    var total = renderList();
    var message = $('message');
    if (state.selected >= 0) { draw(neighbourhood(state.selected)); message.textContent = 'Around ' + nodes[state.selected].id + ' (up to ' + MAX_DRAWN + ' nodes, three hops).'; return; }
    var visible = [];
    nodes.forEach(function (n, i) { if (matches(n)) visible.push(i); });
    if (visible.length <= MAX_DRAWN) { draw(visible); message.textContent = visible.length + ' nodes drawn. Click a node for its edges; dashed edges hold only for some requests.'; }
    else { draw([]); message.textContent = total + ' nodes match: search, pick an account or click a node in the list to draw it.'; }
  }

  function details(n) {
    var node = nodes[n], lines = [node.kind + ' ' + node.id, 'Account: ' + accountLabel(node.account)];
    if (node.description) lines.push('Description: ' + node.description);
    node.tags.forEach(function (t) { lines.push('Tag ' + t[0] + ' = ' + t[1]); });
    lines.push('', into[n].length + ' edge(s) in, ' + out[n].length + ' edge(s) out');
    into[n].concat(out[n]).slice(0, 200).forEach(function (ei) {
      var e = edges[ei];
      lines.push('', nodes[e.from].id + ' -> ' + nodes[e.to].id + (e.conditional ? '  [conditional]' : ''));
      if (e.conditions.length) lines.push('  only when: ' + e.conditions.join('; '));
      if (e.trust) lines.push('  trust: ' + e.trust);
      if (e.identity) lines.push('  identity: ' + e.identity);
    });
    $('details').textContent = lines.join('\n');
  }

  function highlightFrom(n, upstream) {
    state.highlight = {};
    var seen = {}, queue = [n]; seen[n] = true;
    while (queue.length) {
      var x = queue.shift();
      (upstream ? into[x] : out[x]).forEach(function (ei) {
        state.highlight[ei] = true;
        var next = upstream ? edges[ei].from : edges[ei].to;
        if (!seen[next]) { seen[next] = true; queue.push(next); }
      });
    }
    refresh();
  }

  function selectNode(n) { state.selected = n; state.highlight = {}; details(n); refresh(); }

  $('search').addEventListener('input', function (e) { state.text = e.target.value.trim().toLowerCase(); state.selected = -1; refresh(); });
  select.addEventListener('change', function (e) { state.account = parseInt(e.target.value, 10); state.selected = -1; refresh(); });
  $('to-here').addEventListener('click', function () { if (state.selected >= 0) highlightFrom(state.selected, true); });
  $('from-here').addEventListener('click', function () { if (state.selected >= 0) highlightFrom(state.selected, false); });
  $('clear').addEventListener('click', function () { state.selected = -1; state.highlight = {}; state.text = ''; $('search').value = ''; $('details').textContent = ''; refresh(); });

  var pathList = $('paths');
  if (!paths.length) pathList.style.display = 'none';
  paths.forEach(function (p) {
    var e0 = edges[p[0]];
    var li = el('li', [nodes[e0.from].id].concat(p.map(function (ei) { return nodes[edges[ei].to].id; })).join(' -> '));
    li.title = li.textContent;
    li.addEventListener('click', function () {
      state.highlight = {}; p.forEach(function (ei) { state.highlight[ei] = true; });
      state.selected = edges[p[p.length - 1]].to; details(state.selected);
      var onPath = [e0.from].concat(p.map(function (ei) { return edges[ei].to; }));
      renderList(); draw(onPath); $('message').textContent = 'Path of ' + p.length + ' hop(s), highlighted.';
    });
    pathList.appendChild(li);
  });
  refresh();
  document.body.setAttribute('data-roletrust-ready', String(nodes.length));
})();
