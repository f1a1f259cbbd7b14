// aws-local-stepfunctions 3.0.0 declares node >= 22; the only Node 22 API its Node build (build/main.node.esm.js)
// calls is Promise.withResolvers, which Node 20 lacks: defined here when missing, nothing changes on Node 22+.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
