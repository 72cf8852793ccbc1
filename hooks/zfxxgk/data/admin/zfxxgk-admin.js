/* zfxxgk: the site's /admin/ page on Decap CMS — widgets for 索引号 and the item's folder, the preview
 * as the citizen sees the item (the site's own CSS and page structure), and a save that writes only the
 * fields the editor filled. Loaded after decap-cms.js (window.CMS_MANUAL_INIT), it calls CMS.init().
 * Everything is fetched from the site's own origin: ../ (for its stylesheets), data/items.json here,
 * and, in local mode (`zfxxgk edit`), /api/zfxxgk/local (the local backend's path) and
 * /api/zfxxgk/next-index (the next free 索引号 of the working tree).
 */
(function () {
  'use strict';
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  var ANNUAL = '政务公开/政府信息公开年报';
  var items = {byIndex: {}, list: []};
  var local = location.hostname === 'localhost' || location.hostname === '127.0.0.1';
  /* The 索引号 widget tells the folder widget its value: Decap re-renders a widget only when its own value
   * changes, so the folder (a meta field) cannot read the 索引号 from the entry as it is typed. */
  var bus = new EventTarget();

  function get(entry, key) {
    var v = entry && entry.getIn(['data', key]);
    return v && v.toJS ? v.toJS() : v;
  }

  function tail(indexNo) {
    var m = /\/([0-9]{4,6}-[0-9]+)$/.exec(indexNo || '');
    return m ? m[1] : '';
  }


  /* The next free number after the highest of that 前段码 and year (as zfxxgk new allocates it). */
  function nextFree(org, year, taken) {
    var prefix = org + '/' + year + '-', max = 0;
    taken.forEach(function (no) {
      if (no.indexOf(prefix) === 0 && /^[0-9]+$/.test(no.slice(prefix.length))) {
        max = Math.max(max, Number(no.slice(prefix.length)));
      }
    });
    return prefix + String(max + 1).padStart(5, '0');
  }

  var IndexControl = createClass({
    getInitialState: function () { return {note: ''}; },
    componentDidMount: function () {
      if (!this.props.value && this.props.entry && this.props.entry.get('newRecord')) this.suggest();
    },
    suggest: function () {
      var self = this, year = String(new Date().getFullYear());
      var published = get(this.props.entry, '发布日期');
      if (published && /^[0-9]{4}/.test(published)) year = published.slice(0, 4);
      var done = function (value, note) { self.change(value); self.setState({note: note}); };
      var fromSite = function () {
        var org = (window.ZFXXGK && window.ZFXXGK.org) || '';
        done(nextFree(org, year, items.list.map(function (r) { return r['索引号']; })),
             '按网站上已发布的条目分配；与他人同时新建而撞号时，合并请求的检查会给出应改用的索引号。');
      };
      if (!local) return fromSite();
      fetch('/api/zfxxgk/next-index?year=' + year).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (d) { done(d.index, '按本机工作目录中已有的条目分配（与 zfxxgk new 相同）。'); }, fromSite);
    },
    change: function (value) {
      this.props.onChange(value);
      bus.dispatchEvent(new CustomEvent('index', {detail: value}));
    },
    render: function () {
      var self = this;
      return h('div', {},
        h('input', {id: this.props.forID, type: 'text', className: this.props.classNameWrapper,
                    value: this.props.value || '', onFocus: this.props.setActiveStyle,
                    onBlur: this.props.setInactiveStyle,
                    onChange: function (e) { self.change(e.target.value.trim()); }}),
        this.state.note ? h('p', {className: 'zfxxgk-admin-note', style: {margin: '6px 0 0', fontSize: '13px'}},
                            this.state.note) : null);
    }
  });

  /* The item's folder: <年份-流水号> of its 索引号, set as the 索引号 changes (new items only: a saved item
   * never moves). An annual report's folder is the year it reports on, which the editor types. */
  var FolderControl = createClass({
    annual: function () { return get(this.props.entry, '目录') === ANNUAL; },
    componentDidMount: function () {
      var self = this, entry = this.props.entry;
      this.isNew = !!(entry && entry.get('newRecord'));
      if (!this.isNew) return;
      if (this.annual()) {
        if (!this.props.value) this.props.onChange(String(new Date().getFullYear() - 1));
        return;
      }
      this.listener = function (e) {
        var folder = tail(e.detail);
        if (folder !== (self.props.value || '')) self.props.onChange(folder);
      };
      bus.addEventListener('index', this.listener);
      var current = tail(get(entry, '索引号'));
      if (current && current !== this.props.value) this.props.onChange(current);
    },
    componentWillUnmount: function () {
      if (this.listener) bus.removeEventListener('index', this.listener);
    },
    render: function () {
      var self = this, editable = this.isNew && this.annual();
      return h('input', {id: this.props.forID, type: 'text', readOnly: !editable, className: this.props.classNameWrapper,
                         value: this.props.value || '',
                         onChange: function (e) { if (editable) self.props.onChange(e.target.value.trim()); }});
    }
  });

  function empty(v) {
    if (v === null || v === undefined) return true;
    if (typeof v === 'string') return v.trim() === '';
    if (v.size !== undefined) return v.size === 0;
    return false;
  }

  /* Only what the editor filled is saved, trimmed: an empty 文号 is no 文号 (as in a file from zfxxgk new). */
  function preSave(args) {
    var data = args.entry.get('data');
    return data.filter(function (v, k) { return k === 'body' || !empty(v); })
      .map(function (v) { return typeof v === 'string' ? v.trim() : v; });
  }

  function cnDate(iso) {
    var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(iso || '');
    return m ? h('time', {dateTime: iso}, m[1] + '年' + m[2] + '月' + m[3] + '日') : null;
  }

  function ref(indexNo) {
    var target = items.byIndex[indexNo];
    if (!target) return '索引号 ' + indexNo;
    return h('span', {}, h('a', {href: target.URL, target: '_blank', rel: 'noopener'}, target['标题']),
             target['文号'] ? '（' + target['文号'] + '）' : '');
  }

  function banner(d) {
    var v = d['有效性'], text, basis = null;
    if (v === '已废止') {
      text = ['本文件已', d['废止日期'] ? ['于', cnDate(d['废止日期'])] : '', '废止，仅供查阅。'];
      if (d['废止依据']) basis = ['废止依据：', ref(d['废止依据'])];
    } else if (v === '已失效') {
      var day = d['废止日期'] || d['有效期至'];
      text = ['本文件已', day ? ['于', cnDate(day)] : '', '失效，仅供查阅。'];
      if (d['废止依据']) basis = ['失效依据：', ref(d['废止依据'])];
    } else if (v === '已修改') {
      text = ['本文件已修改，请以修改后的规定为准。'];
      if (d['修改依据']) basis = ['修改依据：', ref(d['修改依据'])];
    } else {
      return null;
    }
    var kind = v === '已修改' ? 'amended' : 'ended';
    return h('div', {className: 'zfxxgk-validity zfxxgk-validity--' + kind, role: 'note', 'aria-label': '有效性：' + v},
      h('p', {}, h('strong', {}, v), ' ', text),
      basis ? h('p', {className: 'zfxxgk-validity__basis'}, basis) : null);
  }

  function indexTable(d) {
    var dash = h('span', {className: 'zfxxgk-empty'}, '—');
    var keywords = Array.isArray(d['主题词']) ? d['主题词'].join('、') : d['主题词'];
    var rows = [
      ['索引号', d['索引号']], ['主题分类', d['主题分类']], ['发布机构', d['发布机构']],
      ['成文日期', cnDate(d['成文日期'])], ['标题', d['标题']], ['文号', d['文号']],
      ['发布日期', cnDate(d['发布日期'])], ['主题词', keywords], ['有效性', d['有效性']], ['内容概述', d['内容概述']]
    ];
    return h('table', {className: 'zfxxgk-index'}, h('caption', {}, '信息索引表'),
      h('tbody', {}, rows.map(function (r) {
        return h('tr', {key: r[0]}, h('th', {scope: 'row'}, r[0]), h('td', {}, r[1] || dash));
      })));
  }

  function section(id, title, content) {
    return h('section', {className: 'zfxxgk-related', 'aria-labelledby': id}, h('h2', {id: id}, title), content);
  }

  /* The preview's own stylesheets come before the theme's in Decap's frame: the trail keeps its line. */
  var PREVIEW_CSS = '.zfxxgk-preview .md-typeset .zfxxgk-crumbs ol { display: flex; flex-wrap: wrap; margin-left: 0; }' +
    '.zfxxgk-preview .md-typeset .zfxxgk-crumbs li { margin-left: 0; }';

  var Preview = createClass({
    render: function () {
      var d = this.props.entry.get('data').toJS(), self = this;
      var trail = (d['目录'] || '').split('/').filter(Boolean);
      var meta = [['发布日期：', cnDate(d['发布日期'])], ['来源：', d['发布机构']]];
      if (d['有效性']) meta.push(['有效性：', d['有效性']]);
      var related = items.list.filter(function (r) { return d['索引号'] && r['解读对象'] === d['索引号']; });
      var files = (d['附件'] || []).filter(function (a) { return a && a['文件']; });
      return h('div', {className: 'md-content zfxxgk-preview', 'data-md-component': 'content'},
        h('style', {}, PREVIEW_CSS),
        h('article', {className: 'md-content__inner md-typeset'},
          h('nav', {className: 'zfxxgk-crumbs', 'aria-label': '当前位置'},
            h('ol', {}, h('li', {}, '政府信息公开'), trail.map(function (t) { return h('li', {key: t}, t); }),
              h('li', {'aria-current': 'page'}, d['标题'] || ''))),
          h('h1', {className: 'zfxxgk-title'}, d['标题'] || '（未填写标题）'),
          h('p', {className: 'zfxxgk-meta'}, meta.map(function (m) { return h('span', {key: m[0]}, m[0], m[1]); })),
          banner(d),
          indexTable(d),
          d['解读对象'] ? section('jddx', '解读对象', h('p', {}, ref(d['解读对象']))) : null,
          h('div', {className: 'zfxxgk-body'}, this.props.widgetFor('body')),
          files.length ? h('section', {className: 'zfxxgk-attachments', 'aria-labelledby': 'fj'},
            h('h2', {id: 'fj'}, '附件'),
            h('ul', {}, files.map(function (a) {
              var asset = self.props.getAsset(a['文件']);
              var ext = (a['文件'].split('.').pop() || '').toUpperCase();
              return h('li', {key: a['文件']}, h('a', {href: asset ? asset.toString() : a['文件'], download: ''},
                a['名称'] || a['文件']), ' ', h('span', {className: 'zfxxgk-file'}, '（' + ext + ' 文件）'));
            }))) : null,
          related.length ? section('xgjd', '相关解读', h('ul', {}, related.map(function (r) {
            return h('li', {key: r['索引号']}, ref(r['索引号']), ' ', h('span', {}, '（', cnDate(r['发布日期']), '）'));
          }))) : null));
    }
  });

  /* The site's own stylesheets (Material's and the site's), as linked from its home page. */
  function siteStyles() {
    return fetch('../').then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      return Array.prototype.map.call(doc.querySelectorAll('link[rel="stylesheet"]'), function (l) {
        return new URL(l.getAttribute('href'), new URL('../', location.href)).href;
      });
    }).catch(function () { return []; });
  }

  function loadItems() {
    return fetch('items.json').then(function (r) { return r.ok ? r.json() : {items: []}; }).then(function (d) {
      items.list = d.items || [];
      items.list.forEach(function (r) { items.byIndex[r['索引号']] = r; });
      window.ZFXXGK = {org: d.org || ''};
    }).catch(function () {});
  }

  CMS.registerWidget('zfxxgk-index', IndexControl);
  CMS.registerWidget('zfxxgk-folder', FolderControl);
  CMS.registerEventListener({name: 'preSave', handler: preSave});
  var names = JSON.parse(document.getElementById('zfxxgk-collections').textContent);
  names.forEach(function (name) { CMS.registerPreviewTemplate(name, Preview); });
  /* In local mode (`zfxxgk edit` answers /api/zfxxgk/local) Decap saves through the local backend on this origin. */
  function localBackend() {
    if (!local) return Promise.resolve(null);
    return fetch('/api/zfxxgk/local').then(function (r) { return r.ok ? r.json() : null; }).then(function (d) {
      return d ? {url: location.origin + d.local_backend, allowed_hosts: [location.hostname]} : null;
    }).catch(function () { return null; });
  }

  Promise.all([siteStyles(), loadItems(), localBackend()]).then(function (done) {
    done[0].forEach(function (href) { CMS.registerPreviewStyle(href); });
    CMS.init(done[2] ? {config: {local_backend: done[2]}} : undefined);
  });
})();
