// The walk behind `to_json` in convert.rs, run where the values live: a JavaScript value read
// the way JSON.stringify reads it (`toJSON` called with its key; undefined, functions and
// symbols left out; symbol keys skipped), returned as the JSON text of
// `[json, problems, stopped]`. The top-level keys named in `skip` (separated by spaces) are
// left out: their values cross as JavaScript objects instead.
//
// - `problems`: `['non_finite', path, 'NaN' | 'Infinity' | '-Infinity']` for each number JSON
//   cannot hold (replaced by null), and `['too_deep', path, '']` where the nesting reaches
//   `maxDepth` or comes back to an object it is inside (a circular structure).
// - `stopped`: `['bigint', path, 0]` or `['too_long', path, length]` for a list longer than
//   `maxItems`, which end the walk before anything under them is read.
//
// Lone surrogates in strings and keys become U+FFFD, as Rust strings hold only text.
;(function (value, maxDepth, maxItems, skip) {
  const skipped = new Set(skip.split(' '))
  const problems = []
  const inside = new Set()
  const stop = {}
  let stopped = null
  const text = (s) => s.replace(/\p{Cs}/gu, '\ufffd')
  const walk = (v, path, depth) => {
    switch (typeof v) {
      case 'string':
        return text(v)
      case 'boolean':
        return v
      case 'number':
        if (Number.isFinite(v)) return v
        problems.push(['non_finite', path, String(v)])
        return null
      case 'bigint':
        stopped = ['bigint', path, 0]
        throw stop
      case 'object':
        break
      default:
        return undefined
    }
    if (v === null) return null
    if (depth >= maxDepth || inside.has(v)) {
      problems.push(['too_deep', path, ''])
      return null
    }
    const toJSON = v.toJSON
    if (typeof toJSON === 'function') {
      return walk(toJSON.call(v, path.split('.').pop()), path, depth + 1)
    }
    inside.add(v)
    let out
    if (Array.isArray(v)) {
      if (v.length > maxItems) {
        stopped = ['too_long', path, v.length]
        throw stop
      }
      out = []
      for (let i = 0; i < v.length; i++) {
        const item = walk(v[i], `${path}[${i}]`, depth + 1)
        out.push(item === undefined ? null : item)
      }
    } else {
      out = Object.create(null)
      for (const key of Object.keys(v)) {
        if (depth === 0 && skipped.has(key)) continue
        const name = text(key)
        const item = walk(v[key], path === '' ? name : `${path}.${name}`, depth + 1)
        if (item !== undefined) out[name] = item
      }
    }
    inside.delete(v)
    return out
  }
  let json = null
  try {
    const walked = walk(value, '', 0)
    json = walked === undefined ? null : walked
  } catch (e) {
    if (e !== stop) throw e
  }
  return JSON.stringify([json, problems, stopped])
})
