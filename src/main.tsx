import './main.css';
import { createRoot } from 'react-dom/client';
import { createApp } from './app/createApp';

void createApp(createRoot(document.getElementById('root')!));
