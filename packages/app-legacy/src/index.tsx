import '@backstage/cli/asset-types';
import ReactDOM from 'react-dom/client';
import App from './App';
// Backstage UI's styles: catalog cards of Backstage 1.55 are built with it.
import '@backstage/ui/css/styles.css';

ReactDOM.createRoot(document.getElementById('root')!).render(<App />);
