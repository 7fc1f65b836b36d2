// Icons are not TypeScript, so tsc leaves them behind; copy them next to the compiled nodes and
// credentials, keeping their folders so that `file:` icon references resolve in dist.
const { src, dest } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
