// First, before any module that formats numbers or dates when it loads (uPlot does).
import './lib/locale-guard';
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (target === null) {
  throw new Error('The #app element is missing from index.html.');
}

export default mount(App, { target });
